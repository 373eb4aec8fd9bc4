"""docs/WAREHOUSE.md stays true: every table and column is documented, every example query runs."""

from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest

from tests.conftest import ROOT
from tests.test_warehouse import enriched
from warehouse.connection import connect_reader, connect_writer
from warehouse.load import load_companies, load_enriched
from warehouse.ops_store import OPS_TABLES, ops_writer
from warehouse.run_log import SourceRun, record_run

DOC = (ROOT / "docs" / "WAREHOUSE.md").read_text()
EXAMPLES = re.findall(r"```sql\n(.*?)```", DOC, flags=re.S)


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    """A reader's connection (as `radar sql` and notebooks read), run log and digest archive included."""
    db = tmp_path_factory.mktemp("docs") / "w.duckdb"
    writer = connect_writer(db)
    load_companies(writer, [{"name": "Lonza", "aliases": [], "hq_country": "CH", "is_cdmo": True}])
    load_enriched(writer, [enriched("a", "2025-03-03T09:00:00+00:00"), enriched("b", "2025-03-04T09:00:00+00:00")])
    writer.close()
    with ops_writer(db) as ops:
        record_run(ops, "20250303T090000Z", datetime(2025, 3, 3, 9, tzinfo=timezone.utc),
                   datetime(2025, 3, 3, 9, 5, tzinfo=timezone.utc), [SourceRun("example", "ok", 3, 2)])
    return connect_reader(db)


def documented_columns(table: str) -> list[str]:
    section = re.search(rf"^### {table}\n(.*?)(?=^### |^## )", DOC, flags=re.S | re.M)
    assert section, f"docs/WAREHOUSE.md has no section for table {table}"
    return re.findall(r"^\| (\w+) \| [A-Z]", section.group(1), flags=re.M)


def test_every_table_and_column_is_documented(con):
    tables = [r[0] for r in con.execute(
        "select table_name from information_schema.tables where table_type = 'BASE TABLE' "
        "and table_schema = 'main' and table_catalog = current_database()").fetchall()]
    for table in tables:
        columns = [r[0] for r in con.execute(
            "select column_name from information_schema.columns where table_name = ? and table_schema = 'main' "
            "and table_catalog = current_database() order by ordinal_position", [table]).fetchall()]
        assert documented_columns(table) == columns, table


def test_every_view_is_documented(con):
    views = [r[0] for r in con.execute(
        "select table_name from information_schema.tables where table_type = 'VIEW' and table_schema = 'main' "
        "and table_catalog <> 'temp'").fetchall()]
    for view in views:
        row = re.search(rf"^\| {view} \| ([^|]+) \|", DOC, flags=re.M)
        assert row, f"view {view} not documented"
        columns = [r[0] for r in con.execute(
            "select column_name from information_schema.columns where table_name = ? order by ordinal_position",
            [view]).fetchall()]
        assert [c.strip() for c in row.group(1).split(",")] == columns, view


@pytest.mark.parametrize("view", OPS_TABLES)
def test_every_operational_view_is_documented(con, view):
    columns = [r[0] for r in con.execute(
        "select column_name from information_schema.columns where table_catalog = 'temp' and table_name = ? "
        "order by ordinal_position", [view]).fetchall()]
    assert columns and documented_columns(view) == columns


@pytest.mark.parametrize("query", EXAMPLES, ids=[f"example-{i}" for i in range(len(EXAMPLES))])
def test_example_query_runs(con, query):
    assert len(EXAMPLES) >= 8
    con.execute(query).fetchall()
