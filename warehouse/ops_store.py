"""Operational state apart from the published warehouse: run logs, the digest archive, analysts' corrections.

Logging a run or archiving a sent digest adds a few rows. Kept in the published DuckDB file, each meant
publishing the whole warehouse again (a copy of gigabytes at a million articles). So these rows live in a
store written in place while readers read, and every reader of the warehouse sees them as the tables
`pipeline_runs`, `digests` and `article_corrections` (a copy taken by attach_ops_views for warehouse/read.py and connect_reader):

- one machine (the default): SQLite in WAL mode, `<warehouse stem>.ops.sqlite` beside the warehouse
  (data/radar.ops.sqlite);
- several machines: PostgreSQL, named by `RADAR_OPS_URL` (`postgresql://user@host:port/db`), while the warehouse
  file sits on storage all machines mount (one writer at a time, readers anywhere). SQLite's WAL needs shared
  memory, so the SQLite file must not be shared over a network file system.

Queries are `.sql` files in warehouse/ops/ with `:name` parameters; a file in warehouse/ops/postgres/ replaces
the common one where the dialects differ.
"""

from __future__ import annotations

import os
import re
import sqlite3
import sys
import threading
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import duckdb

OPS_SQL = Path(__file__).parent / "ops"
BUSY_TIMEOUT_MS = 60_000  # a writer waits this long for another writer before giving up
OPS_TABLES = ("pipeline_runs", "digests", "article_corrections")
OPS_URL_ENV = "RADAR_OPS_URL"
_PARAMETER = re.compile(r"(?<![:\w]):([a-z_]+)\b")
_SETUP = threading.Lock()


def ops_url() -> str | None:
    """The PostgreSQL store shared by several machines, if configured."""
    return os.environ.get(OPS_URL_ENV) or None


def ops_sql(name: str, dialect: str = "sqlite") -> str:
    specific = OPS_SQL / dialect / f"{name}.sql"
    return (specific if specific.exists() else OPS_SQL / f"{name}.sql").read_text(encoding="utf-8")


def ops_path(warehouse: Path) -> Path:
    """data/radar.duckdb → data/radar.ops.sqlite"""
    warehouse = Path(warehouse)
    return warehouse.with_name(f"{warehouse.stem}.ops.sqlite")


@dataclass
class OpsStore:
    """One open connection to the operational store, either backend; runs the named queries."""

    connection: Any  # sqlite3.Connection or psycopg.Connection
    dialect: str  # sqlite | postgres

    def _sql(self, name: str) -> str:
        sql = ops_sql(name, self.dialect)
        return _PARAMETER.sub(r"%(\1)s", sql) if self.dialect == "postgres" else sql

    def run(self, name: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        cursor = self.connection.cursor()
        try:
            cursor.execute(self._sql(name), params or {})
            if cursor.description is None:
                return []
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        finally:
            cursor.close()

    def has_table(self, name: str) -> bool:
        """Whether the store has this table (a store written by an older version may lack a newer one)."""
        sql = ("SELECT to_regclass(:name) IS NOT NULL AS present" if self.dialect == "postgres" else
               "SELECT count(*) > 0 AS present FROM sqlite_master WHERE type = 'table' AND name = :name")
        cursor = self.connection.cursor()
        try:
            cursor.execute(_PARAMETER.sub(r"%(\1)s", sql) if self.dialect == "postgres" else sql, {"name": name})
            return bool(cursor.fetchone()[0])
        finally:
            cursor.close()

    def run_many(self, name: str, rows: list[dict[str, Any]]) -> None:
        if rows:
            cursor = self.connection.cursor()
            try:
                cursor.executemany(self._sql(name), rows)
            finally:
                cursor.close()


def iso_utc(value: datetime | None) -> str | None:
    """Timestamps are stored as ISO text in UTC, so text order is time order."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc).isoformat()


@contextmanager
def ops_writer(warehouse: Path) -> Iterator[OpsStore]:
    """The store for writing (the SQLite file is created on first use); one transaction, committed on a clean
    exit, rolled back on an exception."""
    url = ops_url()
    if url:
        import psycopg

        with psycopg.connect(url, connect_timeout=30) as con:  # commits on a clean exit, rolls back otherwise
            with con.cursor() as cursor:
                cursor.execute(ops_sql("schema", "postgres"))
                cursor.execute(ops_sql("corrections_schema", "postgres"))
            yield OpsStore(con, "postgres")
        return
    path = ops_path(warehouse)
    path.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)) as con:
        with _SETUP:  # sessions of one process set the file up (journal mode, schema) one at a time
            con.execute("PRAGMA journal_mode = WAL")
            con.executescript(ops_sql("schema"))
            con.executescript(ops_sql("corrections_schema"))
        # One transaction holding the write lock from its start, so that every wait for another writer happens at
        # BEGIN and is governed by the busy timeout (a deferred transaction that must upgrade a read lock can fail
        # at once with "database is locked" instead of waiting).
        con.execute("BEGIN IMMEDIATE")
        try:
            yield OpsStore(con, "sqlite")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        con.execute("COMMIT")


@contextmanager
def ops_reader(warehouse: Path) -> Iterator[OpsStore | None]:
    """The store for reading, or None when nothing has been logged or sent yet."""
    url = ops_url()
    if url:
        import psycopg

        with psycopg.connect(url, connect_timeout=30) as con:
            con.read_only = True
            exists = con.execute("SELECT to_regclass('digests') IS NOT NULL").fetchone()
            yield OpsStore(con, "postgres") if exists and exists[0] else None
        return
    path = ops_path(warehouse)
    if not path.exists():
        yield None
        return
    with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                                 timeout=BUSY_TIMEOUT_MS / 1000)) as con:
        yield OpsStore(con, "sqlite")


OPS_COLUMNS = {
    "pipeline_runs": ("run_id", "source", "started_at", "finished_at", "status", "pages_fetched", "articles_new",
                      "articles_updated", "articles_skipped", "errors", "message", "articles_quarantined",
                      "articles_found", "dated_share", "median_words", "health", "health_reason"),
    "digests": ("team", "iso_week", "generated_at", "sent_at", "recipients", "subject", "markdown", "html", "text",
                "status", "error", "message_id"),
    "article_corrections": ("correction_id", "article_id", "field", "value_before", "value_after", "author",
                            "corrected_at", "reason"),
}


def ops_state(warehouse: Path) -> tuple[object, ...]:
    """Changes whenever the store's rows may have changed: readers take a fresh copy then (warehouse/read.py)."""
    url = ops_url()
    if url:
        try:
            with ops_reader(warehouse) as ops:
                if ops is None:
                    return ("postgres", 0)
                [row] = ops.run("ops_state")
                return ("postgres", *row.values())
        except Exception:  # noqa: BLE001 - unreachable: readers fall back to empty tables and say so
            return ("postgres", "unreachable")
    path = ops_path(warehouse)
    state: list[object] = []
    for file in (path, path.with_name(path.name + "-wal")):
        stat = file.stat() if file.exists() else None
        state += [stat.st_size, stat.st_mtime_ns] if stat else [None, None]
    return ("sqlite", *state)


def attach_ops_views(con: duckdb.DuckDBPyConnection, warehouse: Path, catalog: str = "temp") -> None:
    """Give a reading DuckDB connection the tables `pipeline_runs`, `digests` and `article_corrections`, a copy of the store's rows made
    now: in `temp` for a connection on the warehouse file itself, in `memory` for an in-memory connection whose
    cursors put it on their search path (warehouse/read.py; temp tables are not shared with cursors).

    The rows come through Python's own drivers, not DuckDB's sqlite or postgres extensions: once loaded, those
    let any SELECT read other SQLite files or connect to other databases (sqlite_scan, postgres_scan), past
    `enable_external_access = false`. An unreachable PostgreSQL store gives empty tables and a warning, so the
    articles stay readable."""
    import pyarrow as pa

    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in OPS_COLUMNS}
    try:
        with ops_reader(warehouse) as ops:
            if ops is not None:
                for name in OPS_COLUMNS:
                    if ops.has_table(name):
                        rows[name] = ops.run(f"select_{name}")
    except Exception as exc:  # noqa: BLE001 - the store is optional for reading articles
        if not ops_url():
            raise
        print(f"warning: {OPS_URL_ENV}: cannot read the operational store ({str(exc).splitlines()[0]}); "
              "pipeline_runs and digests read as empty", file=sys.stderr)
    for name, columns in OPS_COLUMNS.items():
        table = pa.table({column: pa.array([None if r[column] is None else str(r[column]) for r in rows[name]],
                                           type=pa.string()) for column in columns})
        con.register(f"ops_{name}_rows", table)
    try:
        con.execute(ops_sql("views").format(catalog=catalog, temporary="TEMPORARY " if catalog == "temp" else ""))
    finally:
        for name in OPS_COLUMNS:
            con.unregister(f"ops_{name}_rows")


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
            ops.run_many("run_record", [
                dict(zip(names, row, strict=True)) | {"started_at": iso_utc(row[2]), "finished_at": iso_utc(row[3]),
                                                      "articles_found": None, "dated_share": None,
                                                      "median_words": None, "health": None, "health_reason": None}
                for row in rows])
            moved += len(rows)
        if "digests" in present:
            import json

            rows = con.execute("SELECT team, iso_week, generated_at, sent_at, recipients, subject, markdown, html, "
                               "text, status, error, message_id FROM digests").fetchall()
            ops.run_many("digest_record", [
                dict(zip(OPS_COLUMNS["digests"], row, strict=True)) | {"generated_at": iso_utc(row[2]), "sent_at": iso_utc(row[3]),
                                                      "recipients": json.dumps(list(row[4] or []))}
                for row in rows])
            moved += len(rows)
    return moved


def _has_column(con: duckdb.DuckDBPyConnection, table: str, column: str) -> bool:
    return bool(con.execute("SELECT count(*) FROM duckdb_columns() WHERE schema_name = 'main' AND table_name = $t "
                            "AND column_name = $c", {"t": table, "c": column}).fetchone()[0])  # type: ignore[index]
