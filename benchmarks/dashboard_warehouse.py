"""A synthetic warehouse for the dashboard benchmarks: the real schema (migrations), rows generated in DuckDB.

`python -m benchmarks.dashboard_warehouse N PATH` builds one by hand. Built files are kept under
`$RADAR_BENCH_DIR` (default /tmp/radar-bench) and reused while the generator is unchanged.
"""

from __future__ import annotations

import hashlib
import os
import sys
import time
from pathlib import Path

from warehouse.connection import connect_writer
from warehouse.search_index import refresh_search_index

GENERATOR = Path(__file__).with_name("dashboard_synthetic.sql")


def _statements(sql: str) -> list[str]:
    # The generator holds no semicolon inside a literal, so splitting on statement ends is safe here.
    parts = (part.strip() for part in sql.split(";\n"))
    return [p for p in parts if any(line.strip() and not line.strip().startswith("--") for line in p.splitlines())]


def build_warehouse(path: Path, n: int) -> dict[str, float]:
    """Create a warehouse of `n` synthetic articles at `path` and index it; return seconds per step."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    timings = {}
    con = connect_writer(path)
    try:
        started = time.perf_counter()
        for statement in _statements(GENERATOR.read_text(encoding="utf-8")):
            con.execute(statement, {"n": n} if "$n" in statement else None)
        timings["generate"] = time.perf_counter() - started
        started = time.perf_counter()
        refresh_search_index(con)
        timings["search index"] = time.perf_counter() - started
    finally:
        con.close()
    return timings


def bench_dir() -> Path:
    return Path(os.environ.get("RADAR_BENCH_DIR") or "/tmp/radar-bench")


def cached_warehouse(n: int) -> Path:
    """The synthetic warehouse of `n` articles, built once per version of the generator and index code."""
    from warehouse import search_index

    warehouse_dir = Path(search_index.__file__).parent
    inputs = [GENERATOR, warehouse_dir / "search_index.py", warehouse_dir / "facet_index.py",
              *sorted((warehouse_dir / "migrations").glob("*.sql")),
              *sorted((warehouse_dir / "queries").glob("search_*.sql"))]
    fingerprint = hashlib.sha256(b"".join(p.read_bytes() for p in inputs)).hexdigest()[:12]
    path = bench_dir() / f"dashboard-{n}-{fingerprint}.duckdb"
    if not path.exists():
        partial = path.with_suffix(".partial")
        build_warehouse(partial, n)
        partial.replace(path)
    return path


if __name__ == "__main__":
    count, target = int(sys.argv[1]), Path(sys.argv[2])
    for step, seconds in build_warehouse(target, count).items():
        print(f"{step}: {seconds:.1f} s")
