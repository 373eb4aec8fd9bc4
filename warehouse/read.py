"""The read path shared by `radar sql` and the dashboard: read-only connections and named queries.

A process keeps one read-only connection per published file and runs each query on a cursor of its own, so
the dozen queries of a dashboard page skip opening the file (0.1-0.3 s each here) and share DuckDB's cache of
its blocks. The file is attached to an in-memory database instead of opened directly because DuckDB hands
out an already open database for the same path, which after a publish (an atomic rename) would still be the
previous file. The connection is keyed on the file's (and its WAL's) inode, size and mtime: a new publish
or an in-place write gets a new one, while queries already running on the old one finish on the old file,
which stays readable until closed.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from warehouse.ops_store import attach_ops_views, ops_state

QUERY_DIR = Path(__file__).parent / "queries"
CATALOG = "radar"
# Each cursor reads the warehouse first, then the operational views kept in the in-memory catalog.
SEARCH_PATH = f"SET search_path = '{CATALOG}.main,memory.main'"

_lock = threading.Lock()
_shared: dict[str, tuple[tuple[int, ...], duckdb.DuckDBPyConnection]] = {}


def named_query(name: str) -> str:
    return (QUERY_DIR / f"{name}.sql").read_text(encoding="utf-8")


def _identity(path: Path) -> tuple[object, ...]:
    # The write-ahead log counts too: a writer working on the file in place commits to it first.
    stat = os.stat(path)
    wal = path.with_name(path.name + ".wal")
    wal_stat = os.stat(wal) if wal.exists() else None
    # So does the operational store: the connection holds a copy of its rows (ops_store.attach_ops_views).
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns, *ops_state(path),
            *((wal_stat.st_ino, wal_stat.st_size, wal_stat.st_mtime_ns) if wal_stat else ()))


def _attach(path: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:")
    # ATTACH takes no bind parameter for its path: it is quoted as a string literal instead.
    quoted = str(path).replace("'", "''")
    con.execute(f"ATTACH '{quoted}' AS {CATALOG} (READ_ONLY)")
    attach_ops_views(con, path, catalog="memory")  # pipeline_runs and digests, from the operational file beside the warehouse
    # From here on the connection touches no other file and changes no setting: no COPY ... TO, EXPORT,
    # ATTACH, INSTALL/LOAD, read_csv of local files, SET or PRAGMA. (An ATTACH of this same file under another
    # spelling is still let through by DuckDB on an in-memory connection: check_read_only refuses it.)
    con.execute("SET autoinstall_known_extensions = false")  # nothing is ever fetched, nothing loaded on demand
    con.execute("SET autoload_known_extensions = false")
    con.execute("SET enable_external_access = false")
    con.execute("SET lock_configuration = true")
    return con


class NotReadOnly(ValueError):
    """A query that is not one read-only statement."""


READ_STATEMENTS = frozenset({duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN})


def check_read_only(sql: str) -> None:
    """Accept exactly one SELECT (WITH, DESCRIBE, SHOW, SUMMARIZE and PRAGMA version are SELECTs) or EXPLAIN."""
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as exc:
        raise NotReadOnly(str(exc).splitlines()[0]) from None
    if len(statements) != 1:
        raise NotReadOnly(f"one statement at a time ({len(statements)} given)")
    kind = statements[0].type
    if kind not in READ_STATEMENTS:
        raise NotReadOnly(f"{kind.name} is not a read-only statement; only SELECT and EXPLAIN run here")


def stream_frames(db: Path, sql: str, vectors_per_chunk: int = 25) -> Iterator[pd.DataFrame]:
    """A user's read-only query as DataFrames of about 50,000 rows, read one at a time (a result of any size in
    bounded memory; the same column types as read_frame). Refuses anything but one SELECT or EXPLAIN."""
    check_read_only(sql)
    _, con = _shared_connection(Path(db))
    cursor = con.cursor()
    try:
        cursor.execute(f"USE {CATALOG}")
        cursor.execute(SEARCH_PATH)
        cursor.execute(sql)
        first = True
        while True:
            frame = cursor.fetch_df_chunk(vectors_per_chunk)
            if len(frame) == 0 and not first:
                return
            yield frame
            if len(frame) == 0:
                return
            first = False
    finally:
        cursor.close()


def _shared_connection(db: Path) -> tuple[str, duckdb.DuckDBPyConnection]:
    if not db.exists():
        raise FileNotFoundError(f"{db}: no warehouse here yet; run `radar load` or `radar demo` first")
    key = str(db.resolve())
    with _lock:
        identity = _identity(db)
        entry = _shared.get(key)
        if entry is None or entry[0] != identity:
            # The previous connection is dropped, not closed: cursors still reading it keep it alive.
            entry = (identity, _attach(db))
            _shared[key] = entry
        return key, entry[1]


def _forget(key: str, con: duckdb.DuckDBPyConnection) -> None:
    with _lock:
        if key in _shared and _shared[key][1] is con:
            del _shared[key]


def _run(db: Path, sql: str, params: list[Any] | dict[str, Any]) -> pd.DataFrame:
    key, con = _shared_connection(db)
    cursor = con.cursor()
    try:
        cursor.execute(f"USE {CATALOG}")
        cursor.execute(SEARCH_PATH)
        return cursor.execute(sql, params).df()
    except (duckdb.FatalException, duckdb.InternalException):
        # DuckDB invalidates a database after an internal error; every later query on it would fail too.
        _forget(key, con)
        raise
    finally:
        cursor.close()


def read_frame(db: Path, sql: str, params: list[Any] | dict[str, Any] | None = None) -> pd.DataFrame:
    """Run one query on a read-only connection and return a DataFrame.

    After an internal DuckDB error the query is tried once more on a freshly opened connection: reads have
    no side effect, and one bad query must not leave a long-running dashboard unable to read at all.
    """
    try:
        return _run(Path(db), sql, params or [])
    except (duckdb.FatalException, duckdb.InternalException):
        return _run(Path(db), sql, params or [])
