"""Corrections outlive a reprocess, and the machine learns from them: export → train input, never the locked
test; `radar evaluate --corrections` scores the current model on the corrected articles."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from flows.cli import main
from tests.helpers.fake_enricher import FakeEnricher, raw_record
from tests.test_warehouse import enriched
from warehouse.corrections_apply import republish_corrections
from warehouse.corrections_store import correct
from warehouse.load import load_enriched
from warehouse.publish import writer_session
from warehouse.read import read_frame


def test_a_correction_survives_radar_reprocess(tmp_path):
    from flows.reprocess import reprocess

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "run1.jsonl").write_text("\n".join(json.dumps(raw_record(i)) for i in ("r1", "r2")) + "\n")
    db = tmp_path / "radar.duckdb"
    reprocess(raw, db, enricher_factory=FakeEnricher)
    correct(db, "r1", {"event_type": ("facility_investment", "capacity_expansion"),
                       "companies": (["Lonza"], ["Lonza", "Nova Cell Works"])}, "ann", "second line at Visp")
    republish_corrections(db)
    # A new model (another version) re-enriches everything and writes its own reading again.
    result = reprocess(raw, db, enricher_factory=lambda: FakeEnricher(model_version="fake-2"))
    assert result.updated == 2
    rows = read_frame(db, "select id, event_type, model_version from articles order by id").to_dict("records")
    assert rows == [{"id": "r1", "event_type": "capacity_expansion", "model_version": "fake-2"},
                    {"id": "r2", "event_type": "facility_investment", "model_version": "fake-2"}]
    companies = read_frame(db, "select company from article_companies where article_id = 'r1' order by position")
    assert companies["company"].tolist() == ["Lonza", "Nova Cell Works"]


@pytest.fixture
def corrected_db(tmp_path):
    db = tmp_path / "radar.duckdb"
    with writer_session(db) as con:
        load_enriched(con, [enriched("a", title="Lonza expands its Visp plant with two lines"),
                            enriched("b", title="Untouched article")])
    correct(db, "a", {"event_type": ("facility_opening", "capacity_expansion"),
                      "roles": ([{"person": "Jo Bloggs", "role": "CEO", "company": "Lonza"}], []),
                      "amount": ({"value": 1e6, "currency": "CHF"}, {"value": 3e8, "currency": "CHF"})},
            "ann", "lines added at an existing site")
    republish_corrections(db)
    return db


def test_export_writes_corrected_articles_as_labelled_items(corrected_db, tmp_path):
    out = tmp_path / "corrections.jsonl"
    result = CliRunner().invoke(main, ["corrections", "export", "--out", str(out), "--db", str(corrected_db)])
    assert result.exit_code == 0, result.output
    assert "1 corrected article(s), 3 corrected field(s)" in result.output
    [item] = [json.loads(line) for line in out.read_text().splitlines()]
    assert item["id"] == "a" and item["title"] == "Lonza expands its Visp plant with two lines"
    assert (item["pillar"], item["pillars"], item["event_type"]) == ("infrastructure", ["infrastructure"],
                                                                     "capacity_expansion")
    assert item["amount"] == {"value": 300000000, "currency": "CHF"}
    assert item["roles"] == [] and item["people"] == ["Jo Bloggs"]
    assert item["companies"] == ["Lonza", "Pfizer"] and item["company_roles"]["Lonza"] == "subject"
    assert item["corrected_fields"] == ["amount", "event_type", "roles"] and item["corrected_by"] == ["ann"]
    assert item["published"] == "2025-03-04" and item["text"] == "Body text."


def test_exported_items_become_training_input(corrected_db, tmp_path, monkeypatch):
    import nlp.training.classifier_training
    import nlp.training.role_training

    out = tmp_path / "corrections.jsonl"
    CliRunner().invoke(main, ["corrections", "export", "--out", str(out), "--db", str(corrected_db)])
    seen: list[list[dict]] = []

    class Heads:
        version = "captured"

    def capture(items, out_dir, progress=None):
        seen.append(items)
        return Heads()

    role_items: list[list[dict]] = []
    monkeypatch.setattr(nlp.training.classifier_training, "train_finetuned", capture)
    monkeypatch.setattr(nlp.training.role_training, "train_role_model", lambda items, **_: role_items.append(items))
    plain = CliRunner().invoke(main, ["train", "--out", str(tmp_path / "heads")])
    with_file = CliRunner().invoke(main, ["train", "--with-corrections", str(out), "--out", str(tmp_path / "heads")])
    from_db = CliRunner().invoke(main, ["train", "--with-corrections", "--db", str(corrected_db),
                                       "--out", str(tmp_path / "heads")])
    assert plain.exit_code == with_file.exit_code == from_db.exit_code == 0, with_file.output + from_db.output
    assert len(seen[1]) == len(seen[0]) + 1 and seen[1][-1]["id"] == "a"
    assert seen[1][-1]["event_type"] == "capacity_expansion"
    assert [i["id"] for i in seen[2]] == [i["id"] for i in seen[1]]
    assert role_items == seen  # the role relation model is rebuilt from the same items


def test_locked_test_items_are_refused_and_dev_items_left_out(tmp_path, monkeypatch):
    from nlp.evaluation import held_out
    from nlp.evaluation.labelled_data import labelled_split
    from nlp.training.corrections_learning import CorrectionsRefused, training_items

    item = {"id": "mine-1", "title": "Lonza adds two lines in Visp", "text": "Body.", "pillar": "infrastructure",
            "pillars": ["infrastructure"], "event_type": "capacity_expansion"}
    locked = tmp_path / "test.jsonl"  # a stand-in: the real locked file is never read by tests
    locked.write_text(json.dumps({"id": "locked-9", "title": "Some locked headline"}) + "\n")
    monkeypatch.setattr(held_out, "LOCKED_FILE", locked)
    with pytest.raises(CorrectionsRefused, match="locked test.*locked-9"):
        training_items([item, dict(item, id="locked-9")])
    with pytest.raises(CorrectionsRefused, match="locked test"):
        training_items([dict(item, id="x", title="Some  locked HEADLINE")])  # the same headline, another id
    dev_item = labelled_split("dev")[0]
    kept, in_dev = training_items([item, dict(item, id=dev_item["id"])])
    assert [i["id"] for i in kept] == ["mine-1"] and in_dev == [dev_item["id"]]
    out = tmp_path / "c.jsonl"
    out.write_text(json.dumps(dict(item, id="locked-9")) + "\n")
    refused = CliRunner().invoke(main, ["train", "--with-corrections", str(out), "--out", str(tmp_path / "h")])
    assert refused.exit_code == 2 and "never go into training" in refused.output


def test_independent_set_items_are_refused():
    from nlp.evaluation.held_out import INDEPENDENT_DIR
    from nlp.evaluation.labelled_data import read_jsonl
    from nlp.training.corrections_learning import CorrectionsRefused, training_items

    independent = read_jsonl(sorted(INDEPENDENT_DIR.glob("*.jsonl"))[0])[0]
    item = {"id": "mine-1", "title": "Lonza adds two lines in Visp", "text": "Body.", "pillar": "infrastructure",
            "pillars": ["infrastructure"], "event_type": "capacity_expansion"}
    with pytest.raises(CorrectionsRefused, match=f"independent set.*{independent['id']}"):
        training_items([item, dict(item, id=independent["id"])])
    with pytest.raises(CorrectionsRefused, match="independent set"):
        training_items([dict(item, id="y", title=independent["title"].upper())])


def test_correction_agreement_counts_what_the_model_gets_right():
    from nlp.training.corrections_learning import correction_agreement

    gold = [{"id": "a", "event_type": "capacity_expansion", "companies": ["Lonza"], "corrected_fields":
             ["event_type", "companies"]},
            {"id": "b", "amount": None, "pillar": "other", "pillars": ["other"], "corrected_fields": ["amount",
                                                                                                   "pillars"]}]
    predicted = [{"id": "a", "event_type": "facility_opening", "companies": ["Lonza"]},
                 {"id": "b", "amount": None, "pillar": "digital", "pillars": ["digital"]}]
    rows = {r.field: (r.agreed, r.corrected) for r in correction_agreement(predicted, gold)}
    assert rows == {"amount": (1, 1), "companies": (1, 1), "event_type": (0, 1), "pillars": (0, 1)}


@pytest.mark.slow
def test_evaluate_corrections_scores_the_current_model(corrected_db, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    result = CliRunner().invoke(main, ["evaluate", "--corrections", "--db", str(corrected_db), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output[result.output.index("{"):])
    assert report["items"] == 1
    assert set(report["corrections"]) == {"amount", "event_type", "roles"}
    assert report["corrections"]["event_type"]["corrected"] == 1


def test_evaluate_needs_gold_or_corrections(tmp_path):
    result = CliRunner().invoke(main, ["evaluate"])
    assert result.exit_code == 2 and "--gold" in result.output
