"""Where the warehouse lives and how to open it for writing or reading."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

DEFAULT_DB = Path("data") / "radar.duckdb"


def db_path(explicit: str | Path | None = None) -> Path:
    """--db, else RADAR_DB, else data/radar.duckdb."""
    return Path(explicit or os.environ.get("RADAR_DB") or DEFAULT_DB)


def connect_writer(path: Path) -> duckdb.DuckDBPyConnection:
    from warehouse.migrate import migrate

    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    migrate(con)
    return con


def connect_reader(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection: it can never write."""
    if not path.exists():
        raise FileNotFoundError(f"{path}: no warehouse here yet; run `radar load` or `radar demo` first")
    return duckdb.connect(str(path), read_only=True)
