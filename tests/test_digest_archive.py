"""The digest archive (warehouse/digests.py) in the operational file: record, look up, read back, and moving
an older warehouse's archive out of the published file."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone

import duckdb
import pytest

from warehouse.connection import connect_writer
from warehouse.digests import DigestRecord, delivered_recipients, digest_history, record_digest
from warehouse.ops_store import ops_path, ops_writer

T0 = datetime(2025, 8, 18, 7, 0, tzinfo=timezone.utc)


def attempt(team="cgt-europe", week="2025-W33", status="sent", recipients=("a@example.com",), at=T0, error=None):
    return DigestRecord(team=team, iso_week=week, generated_at=at, sent_at=at if status == "sent" else None,
                        recipients=tuple(recipients), subject=f"CDMO radar · {team} · {week}", markdown="# md",
                        html="<p>html</p>", text="text", status=status, error=error, message_id="<id@x>")


def test_nothing_recorded_yet_reads_as_nothing_sent(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    assert delivered_recipients(warehouse, "cgt-europe", "2025-W33") == {} and digest_history(warehouse) == []
    assert not ops_path(warehouse).exists()  # reading never creates the file


def test_record_and_look_up(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    with ops_writer(warehouse) as ops:
        record_digest(ops, attempt(status="failed", recipients=["a@example.com", "B@example.com"], error="451 busy"))
    assert delivered_recipients(warehouse, "cgt-europe", "2025-W33") == {}  # a failure delivers nothing
    with ops_writer(warehouse) as ops:
        record_digest(ops, attempt(recipients=["a@example.com", "B@Example.com"], at=T0 + timedelta(hours=1)))
        record_digest(ops, attempt(recipients=["a@example.com"], at=T0 + timedelta(hours=2)))
        record_digest(ops, attempt(week="2025-W34", recipients=["c@example.com"], at=T0 + timedelta(days=7)))
        record_digest(ops, attempt(team="all-signals", recipients=["d@example.com"]))
    delivered = delivered_recipients(warehouse, "cgt-europe", "2025-W33")
    assert delivered == {"a@example.com": T0 + timedelta(hours=1), "b@example.com": T0 + timedelta(hours=1)}
    history = digest_history(warehouse, "cgt-europe")
    assert [(h["iso_week"], h["status"]) for h in history] == [("2025-W34", "sent"), ("2025-W33", "sent"),
                                                                ("2025-W33", "sent"), ("2025-W33", "failed")]
    assert history[-1]["error"] == "451 busy" and history[-1]["sent_at"] is None
    assert history[0]["recipients"] == ["c@example.com"]
    assert len(digest_history(warehouse)) == 5 and len(digest_history(warehouse, limit=2)) == 2
    assert not warehouse.exists()  # the archive never touches the warehouse file


def test_status_is_checked_and_a_failed_write_records_nothing(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"), ops_writer(warehouse) as ops:
        record_digest(ops, attempt())
        record_digest(ops, attempt(status="maybe"))
    assert digest_history(warehouse) == []


def test_an_older_warehouse_archive_moves_out_of_the_published_file(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    con = duckdb.connect(str(warehouse))
    con.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, "
                "applied_at TIMESTAMPTZ NOT NULL DEFAULT now())")
    from warehouse.migrate import available_migrations

    for migration in available_migrations():
        if migration.version < 13:
            con.execute(migration.sql)
            con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)",
                        [migration.version, migration.name])
    con.execute("INSERT INTO digests VALUES ('cgt-europe', '2025-W33', $t, $t, ['a@example.com'], 's', 'm', 'h', "
                "'t', 'sent', NULL, '<id@x>')", {"t": T0})
    con.execute("INSERT INTO pipeline_runs (run_id, source, started_at, status, errors) "
                "VALUES ('r1', '*', $t, 'ok', '{}')", {"t": T0})
    con.close()
    connect_writer(warehouse).close()
    assert delivered_recipients(warehouse, "cgt-europe", "2025-W33") == {"a@example.com": T0}
    con = duckdb.connect(str(warehouse), read_only=True)
    tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    con.close()
    assert not tables & {"digests", "pipeline_runs"}
    with sqlite3.connect(ops_path(warehouse)) as ops:
        assert ops.execute("SELECT run_id, status FROM pipeline_runs").fetchall() == [("r1", "ok")]
