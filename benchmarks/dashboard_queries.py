"""Each dashboard query on its own, on a synthetic warehouse of 1,000,000 articles: each must answer in <= 300 ms.

    .venv/bin/python -m benchmarks.dashboard_queries [N] [--repeats 5]

The queries are the ones the pages really run: every page is rendered once by Streamlit's AppTest (as in
benchmarks/dashboard_render.py) with the read path recording each (sql, parameters), then the Overview's two
filter changes. Each distinct query is then replayed through `warehouse.read.read_frame` — the dashboard's
read path, one shared read-only connection — once to warm DuckDB's block cache (a running dashboard has read
the file before) and then `--repeats` times; the median is reported next to the same SQL on a plain DuckDB
connection, so the ratio is what the read path and the DataFrame conversion add.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from functools import lru_cache
from pathlib import Path
from typing import Any

import duckdb

from benchmarks.dashboard_render import APP, PAGE_QUERY, PAGES, captured_queries, cold_caches
from benchmarks.dashboard_warehouse import cached_warehouse

BUDGET_MS = 300.0
QUERY_DIR = Path(__file__).resolve().parent.parent / "warehouse" / "queries"
SHARED = {"dashboard_filtered"}


@lru_cache(maxsize=1)
def _named_queries() -> tuple[tuple[str, str], ...]:
    return tuple((path.stem, path.read_text(encoding="utf-8").strip()) for path in sorted(QUERY_DIR.glob("*.sql"))
                 if path.stem not in SHARED)


def query_name(sql: str) -> str:
    """The named query files a statement is made of, the shared `filtered` prelude left out."""
    found = [(sql.index(text), name) for name, text in _named_queries() if text and text in sql]
    if "search.facet_choices" in sql:
        found.append((0, "facet_choices"))
    return " + ".join(name for _, name in sorted(found)) or sql.split()[0:6].__str__()


def page_queries(db: Path) -> list[tuple[str, str, Any]]:
    """(page or action, sql, params) for every query a first render of each page and two filter changes run."""
    from streamlit.testing.v1 import AppTest

    os.environ["RADAR_DB"] = str(db)
    AppTest.from_file(str(APP), default_timeout=600).run()
    seen: list[tuple[str, str, Any]] = []
    for page in PAGES:
        cold_caches()
        at = AppTest.from_file(str(APP), default_timeout=600)
        at.query_params.update(PAGE_QUERY.get(page, {}))
        with captured_queries() as queries:
            at.run()
            if page != "overview":
                at.switch_page(f"views/{page}.py")
                cold_caches()
                at.run()
        assert not at.exception, [e.value for e in at.exception]
        seen += [(page, sql, params) for sql, params in queries]
    cold_caches()
    at = AppTest.from_file(str(APP), default_timeout=600).run()
    for label, key, value in (("filter: pillar", "filter-pillar", ["leadership"]),
                              ("filter: region", "filter-place", ["Europe"])):
        with captured_queries() as queries:
            at.multiselect(key=key).set_value(value).run()
        assert not at.exception, [e.value for e in at.exception]
        seen += [(label, sql, params) for sql, params in queries]
    return seen


def _key(sql: str, params: Any) -> str:
    return sql + "\0" + repr(sorted(params.items()) if isinstance(params, dict) else params)


def median_ms(fn, repeats: int) -> float:  # type: ignore[no-untyped-def]
    fn()
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def measure(articles: int, repeats: int) -> list[tuple[str, str, int, float, float]]:
    """(pages, query name, rows, ours ms, raw ms) for each distinct query of the pages."""
    from warehouse.read import read_frame

    db = cached_warehouse(articles)
    unique: dict[str, tuple[list[str], str, Any]] = {}
    for page, sql, params in page_queries(db):
        entry = unique.setdefault(_key(sql, params), ([], sql, params))
        if page not in entry[0]:
            entry[0].append(page)
    raw = duckdb.connect(str(db), read_only=True)
    rows = []
    for pages, sql, params in unique.values():
        frame = read_frame(db, sql, params)
        ours = median_ms(lambda: read_frame(db, sql, params), repeats)  # noqa: B023
        plain = median_ms(lambda: raw.execute(sql, params or []).fetchall(), repeats)  # noqa: B023
        rows.append((", ".join(pages), query_name(sql), len(frame), ours, plain))
    raw.close()
    return rows


def bench_row(articles: int = 1_000_000, repeats: int = 5) -> tuple[str, float, float, int, str]:
    """For benchmarks/run.py: the slowest query (the table goes to stderr), in run.py's shape."""
    rows = measure(articles, repeats)
    print(table(rows), file=sys.stderr, flush=True)
    pages, name, _, ours, plain = max(rows, key=lambda r: r[3])
    return (f"slowest of {len(rows)} dashboard queries ({name}, {articles:,} articles)", ours / 1000, plain / 1000,
            1, "queries")


def table(rows: list[tuple[str, str, int, float, float]]) -> str:
    lines = ["| page | query | rows | ours (ms) | raw DuckDB (ms) | ratio | within 300 ms |", "|---|---|---|---|---|---|---|"]
    for pages, name, n, ours, plain in rows:
        ok = "yes" if ours <= BUDGET_MS else "**no**"
        lines.append(f"| {pages} | {name} | {n:,} | {ours:.0f} | {plain:.0f} | {ours / plain:.2f} | {ok} |")
    slowest = max(r[3] for r in rows)
    lines.append(f"\nslowest: {slowest:.0f} ms; over budget: {sum(r[3] > BUDGET_MS for r in rows)} of {len(rows)}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", nargs="?", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    rows = measure(args.articles, args.repeats)
    print(f"{os.cpu_count()} cores, DuckDB {duckdb.__version__}, {args.articles:,} articles, "
          f"median of {args.repeats} after one warm-up, {len(rows)} distinct queries\n")
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
