"""`radar load`: a bad line is reported with file, line and field, set aside, and never costs the good lines."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from flows.cli import main
from tests.test_warehouse import enriched
from warehouse.load_input import LoadRecord, read_load_file
from warehouse.read import read_frame


def _write(path, lines, raw_tail=b""):
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with open(path, "ab") as handle:
        handle.write(raw_tail)
    return path


def test_bad_lines_are_quarantined_and_good_ones_loaded(tmp_path):
    source = _write(tmp_path / "e.jsonl", [
        json.dumps(enriched("a")), "[1, 2]", json.dumps({**enriched("c"), "pillars": "infrastructure"}),
        json.dumps({**enriched("d"), "published": "9999-01-01T00:00:00+00:00"}),
        '{"id": "e", "title": "\\ud800", "text": "x"}', "{broken", json.dumps(enriched("b")),
    ], raw_tail=b'{"id": "f", "title": "\xff", "text": "x"}\n')
    db = tmp_path / "w.duckdb"
    result = CliRunner().invoke(main, ["load", "--in", str(source), "--db", str(db)])
    assert result.exit_code == 1
    for line, words in ((2, "not a JSON object"), (3, "field pillars"), (4, "field published"),
                        (5, "lone surrogate"), (6, "not valid JSON"), (8, "not UTF-8")):
        assert f"{source}:{line}: skipped, " in result.output and words in result.output
    assert sorted(read_frame(db, "SELECT id FROM articles")["id"]) == ["a", "b"]
    quarantined = [json.loads(line) for line in (tmp_path / "e.jsonl.quarantine.jsonl").read_text().splitlines()]
    assert [q["line"] for q in quarantined] == [2, 3, 4, 5, 6, 8] and all(q["reason"] for q in quarantined)


def test_a_file_that_is_not_duckdb_is_refused_and_left_alone(tmp_path):
    db = tmp_path / "w.duckdb"
    db.write_bytes(b"not a database at all")
    source = _write(tmp_path / "e.jsonl", [json.dumps(enriched("a"))])
    for _ in range(2):  # the second attempt fails the same clear way: no broken working copy left behind
        result = CliRunner().invoke(main, ["load", "--in", str(source), "--db", str(db)])
        assert result.exit_code == 2 and "not a DuckDB database file" in result.output
    assert db.read_bytes() == b"not a database at all"
    assert not (tmp_path / ".w.duckdb.work").exists()


def test_records_are_read_in_bounded_batches(tmp_path):
    source = _write(tmp_path / "e.jsonl", [json.dumps(enriched(f"a{i}")) for i in range(25)])
    sizes = [len(good) for good, _ in read_load_file(source, batch_size=10)]
    assert sizes == [10, 10, 5]


@given(st.one_of(st.integers(), st.text(max_size=5), st.lists(st.integers(), max_size=3), st.none()))
def test_a_wrong_type_is_never_coerced(value):
    record = {**enriched("a"), "pillars": value}
    valid = isinstance(value, list) and all(isinstance(v, str) for v in value)
    try:
        LoadRecord.model_validate(record)
        accepted = True
    except ValueError:
        accepted = False
    assert accepted == (valid or value == [])


def test_is_teaser_is_an_optional_boolean_and_pdf_metadata_a_date_source():
    LoadRecord.model_validate({**enriched("a"), "is_teaser": True, "date_source": "pdf-metadata"})
    with pytest.raises(ValidationError, match="is_teaser"):
        LoadRecord.model_validate({**enriched("a"), "is_teaser": "yes"})


def test_date_source_is_optional_and_one_of_the_known_kinds():
    LoadRecord.model_validate(enriched("a"))
    LoadRecord.model_validate({**enriched("a"), "published": None, "date_source": "first-seen"})
    with pytest.raises(ValidationError, match="date_source"):
        LoadRecord.model_validate({**enriched("a"), "date_source": "guessed"})


def test_places_load_into_article_places_and_a_bad_one_is_named(tmp_path):
    visp = {"text": "Visp, Switzerland", "city": "Visp", "region": "Valais", "country": "CH", "lat": 46.29,
            "lon": 7.88}
    source = _write(tmp_path / "e.jsonl", [
        json.dumps({**enriched("a"), "places": [visp, {"text": "Singapore", "country": "SG"}]}),
        json.dumps({**enriched("b"), "places": [{"text": "Visp", "country": "Switzerland"}]}),
    ])
    db = tmp_path / "w.duckdb"
    result = CliRunner().invoke(main, ["load", "--in", str(source), "--db", str(db)])
    assert result.exit_code == 1
    assert f"{source}:2: skipped, " in result.output and "field places.0.country" in result.output
    rows = read_frame(db, "SELECT article_id, position, coalesce(city, '-') AS city, country, coalesce(lat, 0) AS lat "
                          "FROM article_places ORDER BY position")
    assert rows.to_dict("records") == [
        {"article_id": "a", "position": 0, "city": "Visp", "country": "CH", "lat": 46.29},
        {"article_id": "a", "position": 1, "city": "-", "country": "SG", "lat": 0}]
