"""Record pipeline health per run and per source in `pipeline_runs` (the operational file: ops_store.py)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime

from warehouse.ops_store import OpsStore, iso_utc


@dataclass(frozen=True)
class SourceRun:
    source: str
    status: str
    pages_fetched: int = 0
    articles_new: int = 0
    articles_updated: int = 0
    articles_skipped: int = 0
    errors: dict[str, int] = field(default_factory=dict)
    message: str | None = None
    articles_quarantined: int = 0
    articles_found: int | None = None  # the health check's figures (flows/source_health.py)
    dated_share: float | None = None
    median_words: float | None = None
    health: str | None = None
    health_reason: str | None = None


def record_run(ops: OpsStore, run_id: str, started_at: datetime, finished_at: datetime,
               runs: list[SourceRun]) -> None:
    """Replace the run's rows (a re-recorded run never doubles); the caller's transaction (ops_writer) commits."""
    ops.run("run_delete", {"run_id": run_id})
    ops.run_many("run_record", [
        {"run_id": run_id, "source": r.source, "started_at": iso_utc(started_at), "finished_at": iso_utc(finished_at),
         "status": r.status, "pages_fetched": r.pages_fetched, "articles_new": r.articles_new,
         "articles_updated": r.articles_updated, "articles_skipped": r.articles_skipped,
         "errors": json.dumps(r.errors), "message": r.message, "articles_quarantined": r.articles_quarantined,
         "articles_found": r.articles_found, "dated_share": r.dated_share, "median_words": r.median_words,
         "health": r.health, "health_reason": r.health_reason}
        for r in runs])
