"""Where the warehouse lives and how to open it for writing or reading."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

DEFAULT_DB = Path("data") / "radar.duckdb"
OPS_APART_MIGRATION = 13  # moves run logs and digests out to the operational file


def db_path(explicit: str | Path | None = None) -> Path:
    """--db, else RADAR_DB, else data/radar.duckdb."""
    return Path(explicit or os.environ.get("RADAR_DB") or DEFAULT_DB)


def connect_writer(path: Path, published: Path | None = None) -> duckdb.DuckDBPyConnection:
    """A migrated read-write connection on `path` (the working copy of `published`, or the file itself)."""
    from warehouse.migrate import migrate, pending_versions
    from warehouse.ops_store import adopt_legacy_tables

    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    if OPS_APART_MIGRATION in pending_versions(con):
        adopt_legacy_tables(con, published or path)
    migrate(con)
    return con


def connect_reader(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection: it can never write."""
    if not path.exists():
        raise FileNotFoundError(f"{path}: no warehouse here yet; run `radar load` or `radar demo` first")
    from warehouse.ops_store import attach_ops_views

    con = duckdb.connect(str(path), read_only=True)
    attach_ops_views(con, path)
    return con
