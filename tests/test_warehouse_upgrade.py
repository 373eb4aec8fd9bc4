"""A warehouse file from an older version is brought up to the current schema before the dashboard or digest reads it."""

from __future__ import annotations

import duckdb
from click.testing import CliRunner

from flows.cli import main
from warehouse.migrate import available_migrations, pending_versions
from warehouse.publish import upgrade_if_behind


def _old_warehouse(path, upto: int) -> None:
    """A file migrated only up to schema `upto`, as an older release left it."""
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, "
                "applied_at TIMESTAMPTZ NOT NULL DEFAULT now())")
    for migration in available_migrations():
        if migration.version <= upto:
            con.execute(migration.sql)
            con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)",
                        [migration.version, migration.name])
    con.close()


def _pending(path) -> set[int]:
    with duckdb.connect(str(path), read_only=True) as con:
        return pending_versions(con)


def test_an_old_file_is_upgraded_once_and_a_current_one_left_alone(tmp_path):
    db = tmp_path / "radar.duckdb"
    _old_warehouse(db, 18)
    latest = max(m.version for m in available_migrations())
    assert _pending(db) == set(range(19, latest + 1))
    assert upgrade_if_behind(db) == list(range(19, latest + 1))
    assert _pending(db) == set()
    with duckdb.connect(str(db), read_only=True) as con:
        columns = {row[0] for row in con.execute("SELECT column_name FROM duckdb_columns() "
                                                 "WHERE table_name = 'companies'").fetchall()}
    assert {"type", "former_names"} <= columns
    before = db.stat().st_mtime_ns
    assert upgrade_if_behind(db) == []
    assert db.stat().st_mtime_ns == before  # nothing published when nothing is pending
    assert upgrade_if_behind(tmp_path / "missing.duckdb") == []


def test_the_digest_command_upgrades_an_old_file_and_says_so(tmp_path):
    db = tmp_path / "radar.duckdb"
    _old_warehouse(db, 17)
    result = CliRunner().invoke(main, ["digest", "--db", str(db), "--week", "2025-W33"])
    assert f"{db}: warehouse upgraded to schema" in result.output
    assert _pending(db) == set()
