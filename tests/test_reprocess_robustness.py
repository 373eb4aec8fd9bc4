"""`radar reprocess` skips what it cannot read or enrich, says so, and loads the rest."""

from __future__ import annotations

import json

import pytest

from flows.reprocess import latest_raw_records, reprocess
from warehouse.read import read_frame


def _raw(id, title="Lonza opens a plant in Visp", text="Lonza opened a new plant in Visp, Switzerland, on Monday."):
    return {"id": id, "url": f"https://news.example/{id}", "canonical_url": f"https://news.example/{id}",
            "source": "example", "title": title, "text": text, "published": "2025-03-04T10:00:00+00:00",
            "fetched_at": "2025-03-05T10:00:00+00:00", "lang": "en", "discovered_via": "feed", "author": None}


def test_damaged_raw_lines_are_listed_and_skipped(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "r1.jsonl").write_bytes(json.dumps(_raw("a")).encode() + b"\n{broken\n[1]\n\xff\xfe\n"
                                   + json.dumps(_raw("b")).encode() + b"\n")
    bad: list[str] = []
    records = latest_raw_records(raw, bad)
    assert [r["id"] for r in records] == ["a", "b"]
    assert [line.split(": ")[0] for line in bad] == [f"{raw / 'r1.jsonl'}:{n}" for n in (2, 3, 4)]


@pytest.mark.slow
def test_reprocess_sets_aside_a_record_the_load_refuses_and_loads_the_rest(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    future = {**_raw("late"), "published": "9999-01-01T00:00:00+00:00"}
    (raw / "r1.jsonl").write_text("".join(json.dumps(r) + "\n" for r in (_raw("a"), future, _raw("b"))))
    quarantine = tmp_path / "quarantine.jsonl"
    result = reprocess(raw, tmp_path / "w.duckdb", quarantine_file=quarantine)
    assert sorted(read_frame(tmp_path / "w.duckdb", "SELECT id FROM articles")["id"]) == ["a", "b"]
    assert [r["id"] for r in result.set_aside] == ["late"]
    assert json.loads(quarantine.read_text())["id"] == "late"
