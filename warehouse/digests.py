"""The `digests` table: archive each delivery attempt and answer "was this team's week already sent?"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

SQL_DIR = Path(__file__).parent / "queries"


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


def _sql(name: str) -> str:
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def has_digests_table(con: duckdb.DuckDBPyConnection) -> bool:
    """False on a warehouse written before migration 010 (readers never migrate)."""
    row = con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'digests' "
                      "AND schema_name = 'main'").fetchone()
    return bool(row and row[0])


def record_digest(con: duckdb.DuckDBPyConnection, record: DigestRecord) -> None:
    """Append one delivery attempt (a writer connection: see warehouse.publish.writer_session)."""
    con.execute(_sql("digest_record"), {
        "team": record.team, "iso_week": record.iso_week, "generated_at": record.generated_at,
        "sent_at": record.sent_at, "recipients": list(record.recipients), "subject": record.subject,
        "markdown": record.markdown, "html": record.html, "text": record.text, "status": record.status,
        "error": record.error, "message_id": record.message_id,
    })


def delivered_recipients(con: duckdb.DuckDBPyConnection, team: str, iso_week: str) -> dict[str, datetime]:
    """Address (lower case) → when it was first sent this team's digest for this week."""
    if not has_digests_table(con):
        return {}
    rows = con.execute(_sql("digest_delivered"), {"team": team, "iso_week": iso_week}).fetchall()
    return {recipient: sent_at for recipient, sent_at in rows}


def digest_history(con: duckdb.DuckDBPyConnection, team: str | None = None, limit: int = 50) -> list[dict]:
    """The newest delivery attempts, optionally of one team."""
    if not has_digests_table(con):
        return []
    cursor = con.execute(_sql("digest_history"), {"team": team, "limit": limit})
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
