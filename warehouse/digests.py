"""The digest archive: each delivery attempt, and "was this team's week already sent?".

Kept in the operational file beside the warehouse (ops_store.py), so sending a digest never rewrites the
published warehouse; readers of the warehouse see it as the view `digests`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from warehouse.ops_store import OpsStore, iso_utc, ops_reader


@dataclass(frozen=True)
class DigestRecord:
    team: str
    iso_week: str
    generated_at: datetime
    sent_at: datetime | None
    recipients: tuple[str, ...]
    subject: str
    markdown: str
    html: str
    text: str
    status: str  # sent | failed
    error: str | None = None
    message_id: str | None = None


def record_digest(ops: OpsStore, record: DigestRecord) -> None:
    """Append one delivery attempt (an ops_store.ops_writer store)."""
    ops.run("digest_record", {
        "team": record.team, "iso_week": record.iso_week, "generated_at": iso_utc(record.generated_at),
        "sent_at": iso_utc(record.sent_at), "recipients": json.dumps(list(record.recipients)),
        "subject": record.subject, "markdown": record.markdown, "html": record.html, "text": record.text,
        "status": record.status, "error": record.error, "message_id": record.message_id,
    })


def delivered_recipients(warehouse: Path, team: str, iso_week: str) -> dict[str, datetime]:
    """Address (lower case) → when it was first sent this team's digest for this week."""
    with ops_reader(warehouse) as ops:
        if ops is None:
            return {}
        rows = ops.run("digest_delivered", {"team": team, "iso_week": iso_week})
    return {row["recipient"]: datetime.fromisoformat(row["sent_at"]) for row in rows}


def digest_history(warehouse: Path, team: str | None = None, limit: int = 50) -> list[dict]:
    """The newest delivery attempts, optionally of one team."""
    with ops_reader(warehouse) as ops:
        if ops is None:
            return []
        rows = ops.run("digest_history", {"team": team, "limit": limit})
    history = []
    for item in rows:
        item["recipients"] = json.loads(item["recipients"])
        for key in ("generated_at", "sent_at"):
            item[key] = datetime.fromisoformat(item[key]) if item[key] else None
        history.append(item)
    return history
