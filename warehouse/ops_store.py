"""Operational state apart from the published warehouse: run logs and the digest archive, in SQLite.

Logging a run or archiving a sent digest adds a few rows. Kept in the published DuckDB file, each meant
publishing the whole warehouse again (a copy of gigabytes at a million articles). SQLite in WAL mode lets one
writer add rows in place while readers read, so these rows live in `<warehouse stem>.ops.sqlite` beside the
warehouse (data/radar.ops.sqlite), and every reader of the warehouse sees them as the views `pipeline_runs`
and `digests` (warehouse/read.py attaches the file read-only). Later analyst data belongs here too.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import datetime, timezone
from pathlib import Path

import duckdb

OPS_SQL = Path(__file__).parent / "ops"
BUSY_TIMEOUT_MS = 60_000  # a writer waits this long for another writer before giving up
OPS_TABLES = ("pipeline_runs", "digests")


def ops_sql(name: str) -> str:
    return (OPS_SQL / f"{name}.sql").read_text(encoding="utf-8")


def ops_path(warehouse: Path) -> Path:
    """data/radar.duckdb → data/radar.ops.sqlite"""
    warehouse = Path(warehouse)
    return warehouse.with_name(f"{warehouse.stem}.ops.sqlite")


def iso_utc(value: datetime | None) -> str | None:
    """Timestamps are stored as ISO text in UTC, so text order is time order."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc).isoformat()


@contextmanager
def ops_writer(warehouse: Path) -> Iterator[sqlite3.Connection]:
    """A connection that writes the operational file (created on first use); commits on a clean exit."""
    path = ops_path(warehouse)
    path.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)) as con:
        con.execute("PRAGMA journal_mode = WAL")
        con.executescript(ops_sql("schema"))
        with con:  # one transaction: committed on success, rolled back on an exception
            yield con


@contextmanager
def ops_reader(warehouse: Path) -> Iterator[sqlite3.Connection | None]:
    """A read-only connection, or None when nothing has been logged or sent yet."""
    path = ops_path(warehouse)
    if not path.exists():
        yield None
        return
    with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                                 timeout=BUSY_TIMEOUT_MS / 1000)) as con:
        con.row_factory = sqlite3.Row
        yield con


def attach_ops_views(con: duckdb.DuckDBPyConnection, warehouse: Path, catalog: str = "temp") -> None:
    """Give a reading DuckDB connection the views `pipeline_runs` and `digests`: in `temp` for a connection on
    the file itself, in `memory` for an in-memory connection whose cursors put it on their search path
    (warehouse/read.py; temp views are not shared with cursors). Call it before the connection's configuration
    is locked: ATTACH and LOAD are refused afterwards."""
    path = ops_path(warehouse)
    if path.exists():
        import duckdb_ext

        duckdb_ext.init(con)  # the sqlite extension ships in the duckdb-ext-sqlite wheel: nothing is fetched
        con.execute("LOAD sqlite")
        quoted = str(path).replace("'", "''")
        con.execute(f"ATTACH '{quoted}' AS ops (TYPE sqlite, READ_ONLY)")
        con.execute(ops_sql("views").format(catalog=catalog, temporary="TEMPORARY " if catalog == "temp" else ""))
    else:
        con.execute(ops_sql("empty_views").format(catalog=catalog, temporary="TEMPORARY " if catalog == "temp" else ""))


def adopt_legacy_tables(con: duckdb.DuckDBPyConnection, warehouse: Path) -> int:
    """Move rows of `pipeline_runs` and `digests` still held in the warehouse file (written before these moved
    out) into the operational file; returns the rows moved. The warehouse migration then drops the tables."""
    present = {row[0] for row in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' AND table_name IN ('pipeline_runs', "
        "'digests')").fetchall()}
    if not present:
        return 0
    moved = 0
    with ops_writer(warehouse) as ops:
        if "pipeline_runs" in present:
            rows = con.execute("SELECT run_id, source, started_at, finished_at, status, pages_fetched, "
                               "articles_new, articles_updated, articles_skipped, errors::VARCHAR, message, "
                               + ("articles_quarantined" if _has_column(con, "pipeline_runs", "articles_quarantined")
                                  else "0") + " FROM pipeline_runs").fetchall()
            names = ("run_id", "source", "started_at", "finished_at", "status", "pages_fetched", "articles_new",
                     "articles_updated", "articles_skipped", "errors", "message", "articles_quarantined")
            ops.executemany(ops_sql("run_record"), [
                dict(zip(names, row, strict=True)) | {"started_at": iso_utc(row[2]), "finished_at": iso_utc(row[3])}
                for row in rows])
            moved += len(rows)
        if "digests" in present:
            import json

            rows = con.execute("SELECT team, iso_week, generated_at, sent_at, recipients, subject, markdown, html, "
                               "text, status, error, message_id FROM digests").fetchall()
            names = ("team", "iso_week", "generated_at", "sent_at", "recipients", "subject", "markdown", "html",
                     "text", "status", "error", "message_id")
            ops.executemany(ops_sql("digest_record"), [
                dict(zip(names, row, strict=True)) | {"generated_at": iso_utc(row[2]), "sent_at": iso_utc(row[3]),
                                                      "recipients": json.dumps(list(row[4] or []))}
                for row in rows])
            moved += len(rows)
    return moved


def _has_column(con: duckdb.DuckDBPyConnection, table: str, column: str) -> bool:
    return bool(con.execute("SELECT count(*) FROM duckdb_columns() WHERE schema_name = 'main' AND table_name = $t "
                            "AND column_name = $c", {"t": table, "c": column}).fetchone()[0])  # type: ignore[index]
