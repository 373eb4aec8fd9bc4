"""What analysts' corrections cost the write path: `python -m benchmarks.corrections_publish [N]`.

Builds a warehouse of N synthetic articles (default 20,000), then times, each the median of 3:
a publish with no correction (the floor: copy, checkpoint, rename), saving one correction and republishing it
(what an analyst waits for in the dashboard), and a publish with 500 corrected articles in force (what every later
load pays to keep them).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from benchmarks.synthetic import synthetic_articles
from warehouse.corrections_apply import republish_corrections
from warehouse.corrections_store import correct
from warehouse.load import load_enriched
from warehouse.publish import writer_session

REPEATS = 3


def median_seconds(action, repeats: int = REPEATS) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(n: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix="radar-corrections-bench-"))
    db = folder / "radar.duckdb"
    records = synthetic_articles(n, seed=11)
    start = time.perf_counter()
    with writer_session(db) as con:
        for offset in range(0, n, 10_000):
            load_enriched(con, records[offset : offset + 10_000])
    print(f"{n:,} articles loaded in {time.perf_counter() - start:.1f} s; file {db.stat().st_size / 1e6:.0f} MB")
    print(f"publish, no correction:            {median_seconds(lambda: republish_corrections(db)):.2f} s")
    moment = datetime(2026, 1, 1, tzinfo=timezone.utc)
    kinds = iter(["capacity_expansion", "facility_opening", "site_acquisition"] * 10)

    def save_one() -> None:
        correct(db, records[0]["id"], {"event_type": (None, next(kinds))}, "bench", "benchmark",
                now=moment + timedelta(seconds=time.perf_counter()))
        republish_corrections(db)

    print(f"save one correction + republish:   {median_seconds(save_one):.2f} s")
    for i, record in enumerate(records[1:501]):
        correct(db, record["id"], {"companies": (record["companies"], [*record["companies"][:1], "Nova Cell Works"]),
                                   "event_type": (record["event_type"], "other")}, "bench", "benchmark",
                now=moment + timedelta(seconds=i))
    print(f"publish, 500 corrected articles:   {median_seconds(lambda: republish_corrections(db)):.2f} s "
          "(first one applies them; the median is the steady state)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20_000)
