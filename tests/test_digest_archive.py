"""The `digests` table (migration 010) and warehouse/digests.py: record, look up, read back."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import duckdb

from warehouse.connection import connect_writer
from warehouse.digests import (
    DigestRecord,
    delivered_recipients,
    digest_history,
    has_digests_table,
    record_digest,
)

T0 = datetime(2025, 8, 18, 7, 0, tzinfo=timezone.utc)


def attempt(team="cgt-europe", week="2025-W33", status="sent", recipients=("a@example.com",), at=T0, error=None):
    return DigestRecord(team=team, iso_week=week, generated_at=at, sent_at=at if status == "sent" else None,
                        recipients=tuple(recipients), subject=f"CDMO radar · {team} · {week}", markdown="# md",
                        html="<p>html</p>", text="text", status=status, error=error, message_id="<id@x>")


def test_migration_creates_the_table(tmp_path):
    con = connect_writer(tmp_path / "w.duckdb")
    assert has_digests_table(con)
    names = [r[0] for r in con.execute("SELECT name FROM schema_migrations ORDER BY version").fetchall()]
    assert "010_digests" in names
    con.close()


def test_older_warehouse_without_the_table_reads_as_nothing_sent(tmp_path):
    con = duckdb.connect(str(tmp_path / "old.duckdb"))
    assert not has_digests_table(con)
    assert delivered_recipients(con, "cgt-europe", "2025-W33") == {} and digest_history(con) == []
    con.close()


def test_record_and_look_up(tmp_path):
    con = connect_writer(tmp_path / "w.duckdb")
    record_digest(con, attempt(status="failed", recipients=["a@example.com", "B@example.com"], error="451 busy"))
    assert delivered_recipients(con, "cgt-europe", "2025-W33") == {}  # a failure delivers nothing
    record_digest(con, attempt(recipients=["a@example.com", "B@Example.com"], at=T0 + timedelta(hours=1)))
    record_digest(con, attempt(recipients=["a@example.com"], at=T0 + timedelta(hours=2)))
    record_digest(con, attempt(week="2025-W34", recipients=["c@example.com"], at=T0 + timedelta(days=7)))
    record_digest(con, attempt(team="all-signals", recipients=["d@example.com"]))
    delivered = delivered_recipients(con, "cgt-europe", "2025-W33")
    assert delivered == {"a@example.com": T0 + timedelta(hours=1), "b@example.com": T0 + timedelta(hours=1)}
    history = digest_history(con, "cgt-europe")
    assert [(h["iso_week"], h["status"]) for h in history] == [("2025-W34", "sent"), ("2025-W33", "sent"),
                                                                ("2025-W33", "sent"), ("2025-W33", "failed")]
    assert history[-1]["error"] == "451 busy" and history[-1]["sent_at"] is None
    assert len(digest_history(con)) == 5 and len(digest_history(con, limit=2)) == 2
    con.close()


def test_status_is_checked(tmp_path):
    con = connect_writer(tmp_path / "w.duckdb")
    try:
        record_digest(con, attempt(status="maybe"))
    except duckdb.ConstraintException as exc:
        assert "status" in str(exc).lower() or "check" in str(exc).lower()
    else:
        raise AssertionError("a status other than sent/failed was accepted")
    con.close()
