"""`radar sql` and the read path can read the warehouse and nothing else: no file written, no database attached,
no extension installed or loaded, no setting changed, one statement at a time, any result size streamed."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from click.testing import CliRunner

from flows.cli import main
from tests.test_warehouse import enriched
from warehouse.connection import connect_writer
from warehouse.load import load_enriched
from warehouse.read import NotReadOnly, check_read_only, read_frame
from warehouse.text_safety import safe_csv


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "radar.duckdb"
    con = connect_writer(path)
    load_enriched(con, [enriched("a", title="=HYPERLINK(\"http://evil.example\",\"click\")"), enriched("b")])
    con.close()
    return path


def _sql(db, query, *extra):
    return CliRunner().invoke(main, ["sql", query, "--db", str(db), *extra])


def _refused(result):
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ")
    return lines[0]


@pytest.mark.parametrize("query", [
    "COPY (SELECT * FROM articles) TO '{db}'",
    "COPY articles TO '{tmp}/out.csv'",
    "EXPORT DATABASE '{tmp}/export'",
    "ATTACH '{tmp}/./radar.duckdb' AS again",
    "ATTACH '{tmp}/other.duckdb' AS other",
    "INSTALL fts",
    "LOAD fts",
    "SET threads = 1",
    "PRAGMA threads = 1",
    "SELECT 1; DELETE FROM articles",
    "SELECT count(*) FROM articles; SELECT 2",
    "CREATE TABLE x AS SELECT 1",
    "DELETE FROM articles",
])
def test_sql_refuses_every_way_to_write_or_reach_out(db, query):
    before = db.read_bytes()
    line = _refused(_sql(db, query.format(db=db, tmp=db.parent)))
    assert "read-only" in line
    assert db.read_bytes() == before
    assert not (db.parent / "out.csv").exists() and not (db.parent / "export").exists()
    assert not (db.parent / "other.duckdb").exists()


def test_the_connection_itself_refuses_files_settings_and_extensions(db):
    # Even a query that passed the statement check could not reach out: the read connection is locked down.
    for query in ("SELECT * FROM read_csv('/etc/passwd')", "SELECT * FROM read_text('/etc/hostname')"):
        with pytest.raises(Exception, match="disabled"):
            read_frame(db, query)
    assert list(read_frame(db, "SELECT count(*) n FROM articles")["n"]) == [2]


def test_other_sqlite_files_and_databases_stay_out_of_reach(db):
    # The operational store is copied in through Python, so no scanner extension is loaded that a SELECT could
    # point at another SQLite file (the operational one included) or at another server.
    import sqlite3

    from warehouse.ops_store import ops_path, ops_writer
    from warehouse.run_log import SourceRun, record_run

    other = db.parent / "other.sqlite"
    with sqlite3.connect(other) as con:
        con.execute("CREATE TABLE secret (x TEXT)")
        con.execute("INSERT INTO secret VALUES ('leak')")
    with ops_writer(db) as ops:
        record_run(ops, "r1", pd.Timestamp("2025-01-01", tz="UTC"), pd.Timestamp("2025-01-01", tz="UTC"),
                   [SourceRun("s", "ok")])
    for query in (f"SELECT * FROM sqlite_scan('{other}', 'secret')", f"SELECT * FROM sqlite_attach('{other}')",
                  f"SELECT * FROM sqlite_scan('{ops_path(db)}', 'pipeline_runs')",
                  "SELECT * FROM postgres_scan('host=127.0.0.1 port=9 dbname=x', 'public', 't')"):
        result = _sql(db, query, "--format", "csv")
        assert result.exit_code == 2 and "leak" not in result.output, result.output
    runs = _sql(db, "SELECT run_id, status FROM pipeline_runs", "--format", "csv")
    assert runs.output.splitlines() == ["run_id,status", "r1,ok"]


def test_statement_check_accepts_reads_only():
    for query in ("SELECT 1", "WITH a AS (SELECT 1) SELECT * FROM a", "EXPLAIN SELECT 1", "DESCRIBE articles",
                  "SHOW TABLES", "PRAGMA version"):
        check_read_only(query)
    for query in ("", "ATTACH 'x' AS y", "SELECT 1; SELECT 2", "UPDATE t SET a = 1"):
        with pytest.raises(NotReadOnly):
            check_read_only(query)


def test_a_huge_result_streams_as_csv_and_json_and_is_capped_in_a_table(db):
    query = "SELECT range AS i FROM range(200000)"
    csv = _sql(db, query, "--format", "csv")
    assert csv.exit_code == 0 and csv.output.splitlines()[0] == "i" and len(csv.output.splitlines()) == 200_001
    js = _sql(db, query, "--format", "json")
    assert js.exit_code == 0 and len(json.loads(js.output)) == 200_000
    table = _sql(db, query, "--max-rows", "5")
    assert table.exit_code == 0
    assert "more rows not shown" in table.output and len([ln for ln in table.output.splitlines()
                                                         if ln.strip().isdigit()]) == 5


def test_ten_billion_rows_are_not_built_in_memory(db):
    # The table format stops after --max-rows: the query is read one batch at a time, never materialised.
    result = _sql(db, "SELECT range AS i FROM range(10000000000)", "--max-rows", "3")
    assert result.exit_code == 0 and "more rows not shown" in result.output


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(db):
    result = _sql(db, "SELECT title FROM articles ORDER BY id", "--format", "csv")
    assert result.output.splitlines()[1].startswith('"\'=HYPERLINK(')
    frame = pd.DataFrame({"t": ["=1+1", "+x", "-x", "@x", "\tx", "\rx", "plain", None], "n": [-1, 2, 3, 4, 5, 6, 7, 8]})
    lines = safe_csv(frame).splitlines()
    assert lines[1] == "'=1+1,-1"  # text is prefixed, numbers keep their sign
    assert all(line.startswith(("'", '"\'')) for line in lines[1:5])
    assert "plain,7" in lines


def test_single_cells_are_neutralised_and_other_values_kept():
    from warehouse.text_safety import safe_cell

    assert safe_cell("=cmd|' /C calc'!A0") == "'=cmd|' /C calc'!A0"
    assert safe_cell(-5) == -5 and safe_cell(None) is None and safe_cell("Lonza") == "Lonza"
