"""Numbered SQL migrations, each applied once, in its own transaction, recorded in `schema_migrations`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def available_migrations(directory: Path = MIGRATIONS_DIR) -> list[Migration]:
    migrations = []
    for path in sorted(directory.glob("[0-9][0-9][0-9]_*.sql")):
        migrations.append(Migration(int(path.name[:3]), path.stem, path.read_text(encoding="utf-8")))
    return migrations


def pending_versions(con: duckdb.DuckDBPyConnection) -> set[int]:
    """Versions not yet applied to this database (all of them on a new one)."""
    exists = con.execute("SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'main' "
                         "AND table_name = 'schema_migrations'").fetchone()[0]  # type: ignore[index]
    applied = {row[0] for row in con.execute("SELECT version FROM schema_migrations").fetchall()} if exists else set()
    return {m.version for m in available_migrations()} - applied


def migrate(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply pending migrations; return the names applied."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, "
        "applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
    )
    applied = {row[0] for row in con.execute("SELECT version FROM schema_migrations").fetchall()}
    done = []
    for migration in available_migrations():
        if migration.version in applied:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(migration.sql)
            con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)",
                        [migration.version, migration.name])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        done.append(migration.name)
    return done
