"""`radar reprocess`: re-enrich every article of the raw crawl files with the current models."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from nlp.enrich import Enricher
from nlp.labelled_data import read_jsonl
from warehouse.load import LoadResult, load_enriched
from warehouse.publish import writer_session

BATCH = 64


def latest_raw_records(raw_dir: Path) -> list[dict]:
    """Every article of every raw file, the most recently fetched copy of each id."""
    latest: dict[str, dict] = {}
    for path in sorted(raw_dir.glob("*.jsonl")):
        for record in read_jsonl(path):
            current = latest.get(record["id"])
            if current is None or (record.get("fetched_at") or "") >= (current.get("fetched_at") or ""):
                latest[record["id"]] = record
    return list(latest.values())


def reprocess(raw_dir: Path, db: Path, progress: Callable[[int], None] = lambda n: None) -> LoadResult:
    """Enrich everything first, then swap the derived rows in one transaction, published atomically."""
    records = latest_raw_records(raw_dir)
    enricher = Enricher()
    enriched: list[dict] = []
    for start in range(0, len(records), BATCH):
        enriched.extend(enricher.enrich(records[start : start + BATCH]))
        progress(min(start + BATCH, len(records)))
    with writer_session(db) as con:
        return load_enriched(con, enriched)

