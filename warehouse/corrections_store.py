"""The append-only corrections store: analysts' corrections kept in the operational store, never in the
published warehouse file, so no reload, `radar reprocess` or new model can erase them."""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from warehouse.corrections import Correction, new_correction
from warehouse.ops_store import iso_utc, ops_reader, ops_writer


def record_corrections(db: Path, corrections: list[Correction]) -> None:
    """Append the corrections in one transaction (all or none)."""
    with ops_writer(db) as ops:
        ops.run_many("correction_record", [
            {"correction_id": c.correction_id, "article_id": c.article_id, "field": c.field,
             "value_before": json.dumps(c.before, default=str), "value_after": json.dumps(c.after),
             "author": c.author, "corrected_at": iso_utc(c.corrected_at), "reason": c.reason}
            for c in corrections])


def correct(db: Path, article_id: str, changes: dict[str, tuple[Any, Any]], author: str, reason: str,
            now: datetime | None = None) -> list[Correction]:
    """Validate every change (field → (before, after)) and append them together; the first bad value raises
    CorrectionRefused and nothing is stored."""
    moment = now or datetime.now(timezone.utc)
    corrections = [new_correction(article_id, field, before, after, author, reason, moment, str(uuid.uuid4()))
                   for field, (before, after) in changes.items()]
    if corrections:
        record_corrections(db, corrections)
    return corrections


def latest_corrections(db: Path, article_ids: list[str] | None = None) -> dict[str, dict[str, Any]]:
    """article id → field → the value in force (the latest correction of that field)."""
    wanted = set(article_ids) if article_ids is not None else None
    latest: dict[str, dict[str, Any]] = {}
    with ops_reader(db) as ops:
        if ops is None or not ops.has_table("article_corrections"):
            return {}
        for row in ops.run("corrections_latest"):
            if wanted is None or row["article_id"] in wanted:
                latest.setdefault(row["article_id"], {})[row["field"]] = json.loads(row["value_after"])
    return latest


def corrections_of_article(db: Path, article_id: str) -> list[dict[str, Any]]:
    """One article's audit trail, newest first (values decoded from JSON)."""
    with ops_reader(db) as ops:
        if ops is None or not ops.has_table("article_corrections"):
            return []
        rows = ops.run("corrections_of_article", {"article_id": article_id})
    return [row | {"value_before": json.loads(row["value_before"]) if row["value_before"] else None,
                   "value_after": json.loads(row["value_after"]) if row["value_after"] else None} for row in rows]
