"""Child process for the reprocess kill tests: `flows.reprocess.reprocess` on DATA_DIR/raw into DB.

--hang-at-batch K: the enricher, asked for batch K + 1 (K batches staged), says so on stdout and waits to be
killed. --hang-in-load N: once N load batches are committed to the working copy, says so and waits.
The last line on stdout is the result as JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from flows import reprocess as reprocess_module
from tests.helpers.fake_enricher import FakeEnricher


def _hang(message: str) -> None:
    print(message, flush=True)
    sys.stdin.read()  # blocks until killed (stdin stays open)


class HangingEnricher:
    def __init__(self, inner, hang_at_batch: int | None) -> None:  # type: ignore[no-untyped-def]
        self.inner, self.hang_at_batch, self.calls = inner, hang_at_batch, 0
        self.model_version = inner.model_version

    def enrich(self, records: list[dict]) -> list[dict]:
        if self.calls == self.hang_at_batch:
            _hang(f"enriching batch {self.calls + 1}")
        self.calls += 1
        return self.inner.enrich(records)

    def close(self) -> None:
        self.inner.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("db", type=Path)
    parser.add_argument("--model-version", default="fake-1")
    parser.add_argument("--real", action="store_true", help="The real Enricher (one process) instead of the fake.")
    parser.add_argument("--enrich-batch", type=int, default=4)
    parser.add_argument("--load-batch", type=int, default=4)
    parser.add_argument("--hang-at-batch", type=int)
    parser.add_argument("--hang-in-load", type=int)
    args = parser.parse_args()
    if args.real:
        from nlp.enrich import Enricher

        inner = Enricher(workers=1)
    else:
        inner = FakeEnricher(args.model_version)
    enricher = HangingEnricher(inner, args.hang_at_batch)
    if args.hang_in_load:
        load_enriched = reprocess_module.load_enriched
        loaded = []

        def load_then_hang(con, records):  # type: ignore[no-untyped-def]
            result = load_enriched(con, records)
            loaded.append(len(records))
            if len(loaded) == args.hang_in_load:
                _hang(f"loaded {len(loaded)} batches")
            return result

        reprocess_module.load_enriched = load_then_hang  # type: ignore[assignment]
    result = reprocess_module.reprocess(
        args.data_dir / "raw", args.db, quarantine_file=args.data_dir / "quarantine" / "reprocess.jsonl",
        enricher_factory=lambda: enricher, notice=lambda message: print(message, flush=True),
        enrich_batch=args.enrich_batch, load_batch=args.load_batch)
    print(json.dumps({"new": result.new, "updated": result.updated, "resumed": result.resumed,
                      "enrich_calls": enricher.calls, "set_aside": [r["id"] for r in result.set_aside],
                      "bad_lines": result.bad_lines}))


if __name__ == "__main__":
    main()
