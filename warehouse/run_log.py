"""Record pipeline health per run and per source in `pipeline_runs`."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime

import duckdb


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


def record_run(con: duckdb.DuckDBPyConnection, run_id: str, started_at: datetime, finished_at: datetime,
               runs: list[SourceRun]) -> None:
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM pipeline_runs WHERE run_id = ?", [run_id])
        con.executemany(
            "INSERT INTO pipeline_runs (run_id, source, started_at, finished_at, status, pages_fetched, articles_new, "
            "articles_updated, articles_skipped, errors, message, articles_quarantined) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [[run_id, r.source, started_at, finished_at, r.status, r.pages_fetched, r.articles_new,
              r.articles_updated, r.articles_skipped, json.dumps(r.errors), r.message, r.articles_quarantined]
             for r in runs],
        )
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
