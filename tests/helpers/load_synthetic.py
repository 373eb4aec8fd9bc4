"""Child process for the concurrency and crash tests: load N synthetic articles through the writer session.

With --hang-mid-load the process stops inside the load transaction (after the old rows are deleted and the
new ones inserted, before COMMIT), says so on stdout, and waits to be killed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from benchmarks.synthetic import synthetic_articles
from warehouse import load as load_module
from warehouse.publish import writer_session


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("db", type=Path)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--hang-mid-load", action="store_true")
    args = parser.parse_args()
    records = synthetic_articles(args.count, seed=args.seed)
    for r in records:
        r["id"] = f"s{args.seed}-{r['id']}"
    if args.hang_mid_load:
        original = load_module.SQL_DIR

        class HangingSqlDir:
            def __truediv__(self, name: str) -> Path:
                if name == "refresh_stories.sql":
                    print("in-transaction", flush=True)
                    sys.stdin.read()  # blocks until killed (stdin stays open)
                return original / name

        load_module.SQL_DIR = HangingSqlDir()  # type: ignore[assignment]
    with writer_session(args.db) as con:
        print("loading", flush=True)
        load_module.load_enriched(con, records)
    print("published", flush=True)


if __name__ == "__main__":
    main()
