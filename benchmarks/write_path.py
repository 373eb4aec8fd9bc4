"""The write path at a million articles, through the real path (issue 16).

    python -m benchmarks.write_path [--articles 1000000] [--daily 500] [--dir /work/bench-write]

1. **Records**: enriched records shaped like the pipeline's (benchmarks/realistic_records.py), written once to
   JSONL files under <dir>/enriched/ as `radar run` leaves them (reused by later runs; generation is not timed).
2. **Full rebuild**: every record loaded into an empty warehouse the way `radar reprocess` loads: one
   `writer_session`, the knowledge base, then `load_enriched` per batch (story grouping included), the search and
   facet index refresh, checkpoint, and publish. Reading and parsing the JSONL is inside the time.
3. **Daily incremental load**: 500 new records into the published warehouse through a new `writer_session`,
   exactly as the flow's load task does (copy to the working file, load, indexes, publish), end to end, while a
   reader process queries the published file throughout (it must never fail or see a half-load).

Peak disk is sampled every 50 ms over everything in the warehouse folder (published file, working copy, WAL,
DuckDB's spill folder). Where the time goes is taken by timing the functions the session calls. Prints a
Markdown report; docs/PERFORMANCE.md records a run.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.realistic_records import RealisticRecords

BATCH = 10_000  # records per load_enriched call, as `radar reprocess` loads
FILE_RECORDS = 100_000  # records per generated JSONL file


@dataclass
class Phases:
    seconds: dict[str, float] = field(default_factory=lambda: defaultdict(float))

    def wrap(self, module: object, name: str, label: str) -> Callable[[], None]:
        original = getattr(module, name)

        def timed(*args, **kwargs):  # type: ignore[no-untyped-def]
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.seconds[label] += time.perf_counter() - started

        setattr(module, name, timed)
        return lambda: setattr(module, name, original)


@contextmanager
def timed_phases() -> Iterator[Phases]:
    """Time the steps of a writer session without changing them."""
    from warehouse import load, publish, search_index

    phases = Phases()
    restore = [phases.wrap(load, "batch_stories", "story grouping"),
               phases.wrap(load, "_tables", "records → Arrow tables"),
               phases.wrap(publish, "_copy_atomically", "copy published → working file"),
               phases.wrap(publish, "connect_writer", "open + migrate"),
               phases.wrap(publish, "refresh_search_index", "search + facet index refresh"),
               phases.wrap(search_index, "refresh_facet_index", "  of which facet table rebuild"),
               phases.wrap(publish, "_publish", "fsync + rename (publish)")]
    try:
        yield phases
    finally:
        for undo in reversed(restore):
            undo()


class DiskPeak:
    """Largest total size of the folder's files seen while running."""

    def __init__(self, folder: Path) -> None:
        self.folder, self.peak, self._stop = folder, 0, threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def _size(self) -> int:
        total = 0
        for root, _, files in os.walk(self.folder):
            for name in files:
                try:
                    total += os.stat(os.path.join(root, name)).st_size
                except FileNotFoundError:
                    pass
        return total

    def _watch(self) -> None:
        while not self._stop.wait(0.05):
            self.peak = max(self.peak, self._size())

    def __enter__(self) -> DiskPeak:
        self.peak = self._size()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self._size())


def generate(enriched_dir: Path, articles: int, daily: int) -> tuple[list[Path], Path]:
    """The bulk files and one day's file (its records dated after the bulk), made once per size."""
    enriched_dir.mkdir(parents=True, exist_ok=True)
    marker = enriched_dir / f"complete-{articles}-{daily}"
    files = [enriched_dir / f"bulk-{i:03d}.jsonl" for i in range(-(-articles // FILE_RECORDS))]
    day_file = enriched_dir / "daily.jsonl"
    if marker.exists():
        return files, day_file
    records = RealisticRecords(seed=11).batches(articles + daily, 1)
    started = time.perf_counter()
    for number, path in enumerate(files):
        with open(path, "w", encoding="utf-8") as out:
            for _ in range(min(FILE_RECORDS, articles - number * FILE_RECORDS)):
                out.write(json.dumps(next(records)[0], ensure_ascii=False) + "\n")
        print(f"  generated {path.name} ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    with open(day_file, "w", encoding="utf-8") as out:  # the day after the bulk
        for [record] in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    marker.touch()
    return files, day_file


def read_batches(files: list[Path], size: int) -> Iterator[list[dict]]:
    batch: list[dict] = []
    for path in files:
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                batch.append(json.loads(line))
                if len(batch) == size:
                    yield batch
                    batch = []
    if batch:
        yield batch


def load_files(db: Path, files: list[Path]) -> tuple[float, Phases, int]:
    from dataclasses import asdict

    from nlp.entities.company_names import company_index
    from warehouse.load import load_companies, load_enriched
    from warehouse.publish import writer_session

    knowledge_base = [asdict(c) for c in company_index().companies.values()]  # as the flow's load task does
    loaded = 0
    with timed_phases() as phases:
        started = time.perf_counter()
        with writer_session(db) as con:
            load_companies(con, knowledge_base)
            for batch in read_batches(files, BATCH):
                load_enriched(con, batch)
                loaded += len(batch)
                if loaded % 100_000 == 0:
                    print(f"  loaded {loaded:,} ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
        elapsed = time.perf_counter() - started
    return elapsed, phases, loaded


READER = """
import sys, duckdb
db, stop = sys.argv[1], sys.argv[2]
import os
counts, errors = set(), 0
while not os.path.exists(stop):
    try:
        con = duckdb.connect(db, read_only=True)
        counts.add(con.execute("select count(*) from articles").fetchone()[0])
        con.close()
    except Exception as exc:
        errors += 1
        print("reader error:", str(exc).splitlines()[0], file=sys.stderr)
print(sorted(counts), errors)
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--daily", type=int, default=500)
    parser.add_argument("--dir", type=Path, default=Path(os.environ.get("RADAR_BENCH_DIR", "/tmp/radar-bench-write")))
    parser.add_argument("--skip-rebuild", action="store_true", help="reuse the warehouse of an earlier run")
    parser.add_argument("--generate-only", action="store_true", help="write the record files and stop")
    args = parser.parse_args()

    enriched_dir = args.dir / "enriched"
    files, day_file = generate(enriched_dir, args.articles, args.daily)
    if args.generate_only:
        return 0
    warehouse_dir = args.dir / "warehouse"
    warehouse_dir.mkdir(parents=True, exist_ok=True)
    db = warehouse_dir / "radar.duckdb"
    base = warehouse_dir / "radar-base.duckdb"  # the rebuilt warehouse, kept so the daily load can be repeated
    print(f"# Write path: {args.articles:,} articles, then a day of {args.daily}\n")
    print(f"{os.cpu_count()} cores, Python {sys.version.split()[0]}\n")

    if not args.skip_rebuild or not base.exists():
        for stale in warehouse_dir.iterdir():
            stale.unlink()
        with DiskPeak(warehouse_dir) as disk:
            elapsed, phases, loaded = load_files(db, files)
        size = db.stat().st_size
        print(f"## Full rebuild of {loaded:,} enriched records\n")
        print(f"- end to end: **{elapsed:.0f} s** ({loaded / elapsed:,.0f} articles/s)")
        print(f"- published file: {size / 1e9:.2f} GB, {size / loaded / 1e3:.1f} kB per article")
        print(f"- peak disk in the warehouse folder: {disk.peak / 1e9:.2f} GB = {disk.peak / size:.2f} x the "
              "published file")
        report_phases(phases, elapsed)
        subprocess.run(["cp", "--reflink=never", str(db), str(base)], check=True)
    else:
        subprocess.run(["cp", "--reflink=never", str(base), str(db)], check=True)
        for stale in warehouse_dir.glob("radar.ops*"):
            stale.unlink()

    before = db.stat().st_size
    stop = warehouse_dir / "stop-reader"
    stop.unlink(missing_ok=True)
    reader = subprocess.Popen([sys.executable, "-c", READER, str(db), str(stop)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    with DiskPeak(warehouse_dir) as disk:
        base_size = base.stat().st_size
        elapsed, phases, loaded = load_files(db, [day_file])
    stop.touch()
    out, err = reader.communicate(timeout=600)
    print(f"\n## Daily load: {loaded} new articles into {args.articles:,}\n")
    print(f"- end to end: **{elapsed:.1f} s**")
    print(f"- published file before / after: {before / 1e9:.2f} / {db.stat().st_size / 1e9:.2f} GB")
    print(f"- peak disk in the warehouse folder (less the kept copy of the rebuilt warehouse): "
          f"{(disk.peak - base_size) / 1e9:.2f} GB = {(disk.peak - base_size) / before:.2f} x the published file")
    import duckdb

    reader_after = duckdb.connect(str(db), read_only=True)
    after_count = reader_after.execute("select count(*) from articles").fetchone()[0]  # type: ignore[index]
    reader_after.close()
    print(f"- a new reader after the publish counts {after_count:,} articles")
    print(f"- a reader process querying throughout saw article counts {out.strip()} (counts, errors)"
          + (f"; its errors: {err.strip()[:300]}" if err.strip() else ""))
    report_phases(phases, elapsed)
    return 0


def report_phases(phases: Phases, elapsed: float) -> None:
    print("\n| step | seconds | share |\n|---|---|---|")
    accounted = 0.0
    for label, seconds in phases.seconds.items():
        print(f"| {label} | {seconds:.1f} | {seconds / elapsed:.0%} |")
        if not label.startswith("  "):
            accounted += seconds
    rest = elapsed - accounted
    print(f"| JSON parsing, DuckDB inserts and deletes, story and company refresh | {rest:.1f} | {rest / elapsed:.0%} |")


if __name__ == "__main__":
    sys.exit(main())
