"""`radar reprocess`: re-enrich every article of the raw crawl files with the current models."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from flows.quarantine import enrich_isolating, set_aside, write_quarantine
from nlp.enrich import Enricher
from warehouse.load import LoadResult, load_enriched
from warehouse.publish import writer_session

BATCH = 64


@dataclass
class ReprocessResult:
    loaded: LoadResult
    set_aside: list[dict] = field(default_factory=list)  # records enrichment or the load refused, with the reason
    bad_lines: list[str] = field(default_factory=list)  # "file:line: reason" of raw lines that are not records

    @property
    def new(self) -> int:
        return self.loaded.new

    @property
    def updated(self) -> int:
        return self.loaded.updated


def _raw_lines(path: Path, bad_lines: list[str]) -> list[dict]:
    records = []
    with open(path, "rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                record = json.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                bad_lines.append(f"{path}:{number}: skipped, not a JSON record ({exc.__class__.__name__})")
                continue
            if not isinstance(record, dict) or not isinstance(record.get("id"), str):
                bad_lines.append(f"{path}:{number}: skipped, not an article record (no id)")
                continue
            records.append(record)
    return records


def latest_raw_records(raw_dir: Path, bad_lines: list[str] | None = None) -> list[dict]:
    """Every article of every raw file, the most recently fetched copy of each id; lines that are not records
    are listed in `bad_lines` and skipped, so one damaged raw file never blocks reprocessing for good."""
    latest: dict[str, dict] = {}
    bad_lines = bad_lines if bad_lines is not None else []
    for path in sorted(raw_dir.glob("*.jsonl")):
        for record in _raw_lines(path, bad_lines):
            current = latest.get(record["id"])
            if current is None or (record.get("fetched_at") or "") >= (current.get("fetched_at") or ""):
                latest[record["id"]] = record
    return list(latest.values())


def reprocess(raw_dir: Path, db: Path, progress: Callable[[int], None] = lambda n: None,
              quarantine_file: Path | None = None) -> ReprocessResult:
    """Enrich everything first, then swap the derived rows in one transaction, published atomically. Records
    that fail enrichment or the load boundary are skipped, reported and written to `quarantine_file`."""
    bad_lines: list[str] = []
    records = latest_raw_records(raw_dir, bad_lines)
    enricher = Enricher()
    enriched: list[dict] = []
    for start in range(0, len(records), BATCH):
        batch = records[start : start + BATCH]
        enriched.extend(enrich_isolating(enricher.enrich, batch))
        progress(min(start + BATCH, len(records)))
    enricher.close()
    good, aside = set_aside(enriched)
    if aside and quarantine_file is not None:
        write_quarantine(quarantine_file, aside)
    with writer_session(db) as con:
        return ReprocessResult(load_enriched(con, good), aside, bad_lines)

