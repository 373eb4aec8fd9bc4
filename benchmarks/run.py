"""`make bench`: throughput of each stage, as a ratio to the raw library doing the same work in the same run.

Prints a Markdown table; docs/PERFORMANCE.md records a run. Timings are medians of repeats on this machine.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.crawl_speed import bench as bench_crawl
from benchmarks.dashboard_render import bench_row as bench_dashboard  # issue 6: tables per size on stderr

os.environ.setdefault("HF_HUB_OFFLINE", "1")


def median_seconds(fn: Callable[[], object], repeats: int = 3) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def bench_extraction() -> tuple[str, float, float, int, str]:
    import trafilatura

    from crawlers.demo_newsroom.corpus import load_corpus
    from crawlers.demo_newsroom.server import build_sites
    from crawlers.extraction import extract_article

    pages = []
    for site in build_sites(load_corpus()):
        site.build("http://127.0.0.1:1")
        pages += [("http://127.0.0.1:1" + site.article_path(a), site.routes[site.article_path(a)].body)
                  for a in site.articles]
    ours = median_seconds(lambda: [extract_article(html, url) for url, html in pages])
    raw = median_seconds(lambda: [trafilatura.bare_extraction(html, url=url, with_metadata=True) for url, html in pages])
    return "extraction (demo pages)", ours, raw, len(pages), "pages"


def bench_extraction_real() -> tuple[str, float, float, int, str] | None:
    from benchmarks.extraction_real import bench_row  # issue 17: quality on real pages, table on stderr

    return bench_row()


def bench_enrichment() -> tuple[str, float, float, int, str]:
    from benchmarks.enrich_speed import bench_row  # issue 4: full enrichment vs raw spaCy, see that module

    return bench_row()


def bench_load(n: int = 100_000) -> tuple[str, float, float, int, str]:
    import duckdb

    from benchmarks.synthetic import synthetic_articles
    from warehouse.connection import connect_writer
    from warehouse.load import _tables, load_enriched

    records = synthetic_articles(n)
    with tempfile.TemporaryDirectory() as tmp:
        con = connect_writer(Path(tmp) / "ours.duckdb")
        ours = median_seconds(lambda: load_enriched(con, records), repeats=1)
        con.close()
        tables = _tables(records)  # the raw side gets the Arrow tables for free

        def raw() -> None:
            raw_con = duckdb.connect(str(Path(tmp) / "raw.duckdb"))
            for name, table in tables.items():
                raw_con.register("t", table)
                raw_con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM t")
                raw_con.unregister("t")
            raw_con.close()

        raw_s = median_seconds(raw, repeats=1)
    return f"warehouse load ({n:,} synthetic articles)", ours, raw_s, n, "articles"


def bench_queries() -> tuple[str, float, float, int, str]:
    """Every dashboard query at 1,000,000 articles; the row is the slowest (benchmarks/dashboard_queries.py)."""
    from benchmarks.dashboard_queries import bench_row

    return bench_row()


def bench_blas_ops() -> tuple[str, float, float, int, str]:
    """Issue 19: nlp/blas_ops.py stays only while it gains at least 10 % (ratio <= 0.90)."""
    from benchmarks.blas_ops import bench_row

    return bench_row()


def bench_story_grouping() -> tuple[str, float, float, int, str]:
    """Issue 16: story grouping, vectorised, against numpy's block products; the old per-article loop on stderr."""
    from benchmarks.story_grouping import bench_row

    return bench_row()


def main() -> int:
    which = sys.argv[1:] or ["extraction", "extraction_real", "enrichment", "load", "crawl", "dashboard", "queries",
                             "story_grouping", "blas_ops"]
    benches: dict[str, Callable[[], tuple[str, float, float, int, str] | None]] = {
        "extraction": bench_extraction, "extraction_real": bench_extraction_real, "enrichment": bench_enrichment,
        "load": bench_load, "crawl": bench_crawl, "dashboard": bench_dashboard, "queries": bench_queries,
        "story_grouping": bench_story_grouping, "blas_ops": bench_blas_ops,
    }
    print(f"{os.cpu_count()} cores, Python {sys.version.split()[0]}\n")
    print("| stage | ours (s) | raw library (s) | ratio ours/raw | throughput |")
    print("|---|---|---|---|---|")
    for name in which:
        row = benches[name]()
        if row is None:  # its data is not on this machine; the bench said so on stderr
            continue
        label, ours, raw, count, unit = row
        print(f"| {label} | {ours:.2f} | {raw:.2f} | {ours / raw:.2f} | {count / ours:,.0f} {unit}/s |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
