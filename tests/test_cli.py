"""The `radar` command line: help everywhere, documented in the README, clear one-line errors."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from click.testing import CliRunner

from flows.cli import main
from tests.conftest import ROOT
from tests.test_warehouse import enriched
from warehouse.connection import connect_writer
from warehouse.load import load_enriched

COMMANDS = sorted(main.commands)


def test_design_commands_exist():
    for name in ("demo", "run", "crawl", "enrich", "evaluate", "load", "dashboard", "sql", "train"):
        assert name in COMMANDS


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help_and_is_in_the_readme(name):
    result = CliRunner().invoke(main, [name, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output
    readme = (ROOT / "README.md").read_text()
    assert re.search(rf"`radar {name}\b", readme), f"README lacks `radar {name}`"


def test_console_script_runs():
    completed = subprocess.run([sys.executable, "-m", "flows.cli", "--help"], capture_output=True, text=True)
    assert completed.returncode == 0 and "crawl" in completed.stdout


def _one_line_error(result, *needles):
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(lines) == 1, result.output
    for needle in needles:
        assert needle in lines[0]


def test_bad_sources_file_names_source_and_field(tmp_path):
    sources = tmp_path / "sources.yaml"
    sources.write_text("sources:\n  - name: acme\n    kind: magazine\n    home: https://acme.example/\n")
    result = CliRunner().invoke(main, ["crawl", "--sources", str(sources), "--out", str(tmp_path / "o.jsonl")])
    _one_line_error(result, str(sources), "acme", "kind")


def test_bad_since_is_refused(tmp_path):
    sources = tmp_path / "sources.yaml"
    sources.write_text("sources: []\n")
    result = CliRunner().invoke(main, ["crawl", "--sources", str(sources), "--out", "o.jsonl", "--since", "last week"])
    _one_line_error(result, "--since")


def test_sql_reads_and_formats(tmp_path):
    db = tmp_path / "w.duckdb"
    con = connect_writer(db)
    load_enriched(con, [enriched("a"), enriched("b", pillar="digital")])
    con.close()
    result = CliRunner().invoke(main, ["sql", "select pillar, count(*) n from articles group by 1 order by 1",
                                       "--db", str(db), "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.output) == [{"pillar": "digital", "n": 1}, {"pillar": "infrastructure", "n": 1}]
    csv = CliRunner().invoke(main, ["sql", "select id from articles order by id", "--db", str(db), "--format", "csv"])
    assert csv.output.splitlines() == ["id", "a", "b"]


def test_sql_cannot_write(tmp_path):
    db = tmp_path / "w.duckdb"
    connect_writer(db).close()
    result = CliRunner().invoke(main, ["sql", "delete from articles", "--db", str(db)])
    _one_line_error(result, "read-only")


def test_sql_without_warehouse(tmp_path):
    result = CliRunner().invoke(main, ["sql", "select 1", "--db", str(tmp_path / "none.duckdb")])
    _one_line_error(result, "none.duckdb")


def test_load_reports_bad_json_line(tmp_path):
    bad = tmp_path / "e.jsonl"
    bad.write_text(json.dumps(enriched("a")) + "\n{not json\n")
    result = CliRunner().invoke(main, ["load", "--in", str(bad), "--db", str(tmp_path / "w.duckdb")])
    assert result.exit_code == 1  # the good line is loaded, the bad one set aside and named
    assert [line for line in result.output.splitlines() if line.startswith(f"{bad}:")] == [
        f"{bad}:2: skipped, not valid JSON (Expecting property name enclosed in double quotes)"]
    assert "1 new" in result.output


def test_out_of_range_port_and_week_are_one_line_errors(tmp_path):
    result = CliRunner().invoke(main, ["dashboard", "--port", "99999", "--db", str(tmp_path / "w.duckdb")])
    assert result.exit_code == 2 and "99999" in result.output and "Traceback" not in result.output
    teams = tmp_path / "teams.yaml"
    teams.write_text("teams:\n  - name: all\n    to: [a@example.org]\n")
    result = CliRunner().invoke(main, ["digest", "--week", "9999-W52", "--teams", str(teams),
                                       "--db", str(tmp_path / "w.duckdb")])
    assert result.exit_code != 0 and "year out of range" in result.output


def test_undecodable_inputs_are_one_line_errors(tmp_path):
    sources = tmp_path / "s.yaml"
    sources.write_bytes(b"sources:\n  - name: \xff\n")
    result = CliRunner().invoke(main, ["crawl", "--sources", str(sources), "--out", str(tmp_path / "r.jsonl")])
    _one_line_error(result, "not UTF-8")
    not_duckdb = tmp_path / "w.duckdb"
    not_duckdb.write_bytes(b"plain text, not a database")
    result = CliRunner().invoke(main, ["export", "--out", str(tmp_path / "ex"), "--db", str(not_duckdb)])
    _one_line_error(result, "not a valid DuckDB database file")
    result = CliRunner().invoke(main, ["sql", "", "--db", str(not_duckdb)])
    _one_line_error(result, "empty query")
