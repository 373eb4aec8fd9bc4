"""docs/WAREHOUSE.md stays true: every table and column is documented, every example query runs."""

from __future__ import annotations

import re

import pytest

from tests.conftest import ROOT
from tests.test_warehouse import enriched
from warehouse.connection import connect_writer
from warehouse.load import load_companies, load_enriched

DOC = (ROOT / "docs" / "WAREHOUSE.md").read_text()
EXAMPLES = re.findall(r"```sql\n(.*?)```", DOC, flags=re.S)


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    con = connect_writer(tmp_path_factory.mktemp("docs") / "w.duckdb")
    load_companies(con, [{"name": "Lonza", "aliases": [], "hq_country": "CH", "is_cdmo": True}])
    load_enriched(con, [enriched("a", "2025-03-03T09:00:00+00:00"), enriched("b", "2025-03-04T09:00:00+00:00")])
    return con


def documented_columns(table: str) -> list[str]:
    section = re.search(rf"^### {table}\n(.*?)(?=^### |^## )", DOC, flags=re.S | re.M)
    assert section, f"docs/WAREHOUSE.md has no section for table {table}"
    return re.findall(r"^\| (\w+) \| [A-Z]", section.group(1), flags=re.M)


def test_every_table_and_column_is_documented(con):
    tables = [r[0] for r in con.execute(
        "select table_name from information_schema.tables where table_type = 'BASE TABLE' "
        "and table_schema = 'main'").fetchall()]
    for table in tables:
        columns = [r[0] for r in con.execute(
            "select column_name from information_schema.columns where table_name = ? and table_schema = 'main' "
            "order by ordinal_position", [table]).fetchall()]
        assert documented_columns(table) == columns, table


def test_every_view_is_documented(con):
    views = [r[0] for r in con.execute(
        "select table_name from information_schema.tables where table_type = 'VIEW' and table_schema = 'main'"
    ).fetchall()]
    for view in views:
        row = re.search(rf"^\| {view} \| ([^|]+) \|", DOC, flags=re.M)
        assert row, f"view {view} not documented"
        columns = [r[0] for r in con.execute(
            "select column_name from information_schema.columns where table_name = ? order by ordinal_position",
            [view]).fetchall()]
        assert [c.strip() for c in row.group(1).split(",")] == columns, view


@pytest.mark.parametrize("query", EXAMPLES, ids=[f"example-{i}" for i in range(len(EXAMPLES))])
def test_example_query_runs(con, query):
    assert len(EXAMPLES) >= 8
    con.execute(query).fetchall()
