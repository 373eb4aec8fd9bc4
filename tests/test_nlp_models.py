"""Enrichment with the real packaged models (spaCy en_core_web_sm, all-MiniLM-L6-v2)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from flows.cli import main
from nlp.evaluation.labelled_data import labelled_split
from nlp.records import Enrichment
from nlp.training.classifier_training import train_classifier

pytestmark = pytest.mark.slow

FACILITY = {
    "id": "f1", "published": "2025-05-02",
    "title": "Lonza Group AG to build $500 million fill-finish plant in Visp",
    "text": "Lonza Group AG said on Tuesday it will invest $500 million in a new aseptic fill-finish facility "
            "in Visp, Switzerland. The plant will add 12 filling lines for biologics and open in 2028. "
            "Chief executive Jane Doe said the site would double the company's sterile capacity.",
}
APPOINTMENT = {
    "id": "l1", "title": "Siegfried names Maria Keller chief financial officer",
    "text": "Siegfried Holding AG has appointed Maria Keller as Chief Financial Officer, effective 1 March. "
            "Keller joins from Novartis, where she led finance for global operations. She succeeds "
            "Tom Becker, who retires after eight years.",
    "source": "kept-as-is",
}


def test_enrichment_contract_on_clear_cases(enricher):
    facility, appointment = enricher.enrich([FACILITY, APPOINTMENT])
    for record in (facility, appointment):
        Enrichment.model_validate(record)
        assert record["pillar"] == record["pillars"][0]
        assert abs(sum(record["pillar_scores"].values())) > 0
    assert facility["pillar"] == "infrastructure"
    assert facility["event_type"] in {"facility_investment", "capacity_expansion"}
    assert facility["subject_company"] == "Lonza" and "Lonza" in facility["companies"]
    assert facility["amount"] == {"value": 500e6, "currency": "USD", "usd": 500e6}
    assert "Visp, Switzerland" in facility["locations"]
    assert "sterile_fill_finish" in facility["modalities"]
    assert facility["roles"] == []
    assert appointment["pillar"] == "leadership" and appointment["event_type"] == "executive_appointment"
    assert appointment["subject_company"] == "Siegfried"
    assert {"person": "Maria Keller", "role": "CFO", "company": "Siegfried", "action": "appointed"} in appointment["roles"]
    assert {"person": "Tom Becker", "role": "CFO", "company": "Siegfried", "action": "departing"} in appointment["roles"]
    assert appointment["source"] == "kept-as-is"
    assert appointment["model_version"].startswith("minilm-l6-v2+ft-")
    entity = next(e for e in facility["entities"] if e["label"] == "ORG")
    assert FACILITY["text"][entity["start"] : entity["end"]] == entity["text"]
    visp = next(p for p in facility["places"] if p["text"] == "Visp, Switzerland")
    assert (visp["city"], visp["country"]) == ("Visp", "CH") and visp["lat"] == pytest.approx(46.29, abs=0.05)
    (frame,) = facility["events"]
    assert frame["company"] == "Lonza" and frame["amount_usd"] == 500e6 and frame["city"] == "Visp"
    assert frame["capacity"] == "12 filling lines"
    assert len(facility["embedding"]) == 384
    assert "Jane Doe" in facility["people"] and "Jane Doe" not in facility["companies"]


def test_training_is_reproducible(tmp_path):
    items = labelled_split("train")[::15]
    first = train_classifier(items, tmp_path / "a")
    second = train_classifier(items, tmp_path / "b")
    assert first.version == second.version
    assert (tmp_path / "a" / "heads.npz").exists()


def test_labelled_splits_are_disjoint_and_large_enough():
    train, dev = labelled_split("train"), labelled_split("dev")
    assert len(train) >= 600 and len(dev) >= 100
    assert not {i["id"] for i in train} & {i["id"] for i in dev}
    assert not {i["title"] for i in train} & {i["title"] for i in dev}


def test_enrich_cli_skips_bad_lines_and_keeps_good_ones(tmp_path):
    items = tmp_path / "items.jsonl"
    items.write_text(json.dumps(FACILITY) + "\n{broken\n" + json.dumps({"id": "x", "title": "no text"}) + "\n"
                     + json.dumps(APPOINTMENT) + "\n")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(main, ["enrich", "--in", str(items), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert f"{items}:2: skipped" in result.output and f"{items}:3: skipped (field text" in result.output
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == ["f1", "l1"]


def test_enrich_cli_counts_unknown_organisations(tmp_path):
    item = {"id": "u1", "title": "Bluefinch Therapeutics picks Kestrel Pharma Services Inc. for fill-finish",
            "text": "Bluefinch Therapeutics has signed an agreement with Kestrel Pharma Services Inc. to fill its "
                    "antibody. Bluefinch Therapeutics said Kestrel Pharma Services Inc. was chosen on quality."}
    items, out, unknown = tmp_path / "items.jsonl", tmp_path / "out.jsonl", tmp_path / "unknown.csv"
    items.write_text(json.dumps(item) + "\n")
    result = CliRunner().invoke(main, ["enrich", "--in", str(items), "--out", str(out), "--unknown-out",
                                       str(unknown)])
    assert result.exit_code == 0, result.output
    assert "organisations not in the knowledge base" in result.output
    rows = unknown.read_text().splitlines()
    assert rows[0] == "organisation,mentions,articles,example_article"
    assert "Kestrel Pharma Services,3,1,u1" in rows  # title and two body mentions, one article
    record = json.loads(out.read_text())
    # Kept as found, without its legal form.
    assert "Kestrel Pharma Services" in record["companies"]
    assert "Kestrel Pharma Services" in record["unknown_companies"]


def test_evaluate_cli_prints_scores(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps(i) + "\n" for i in labelled_split("dev")[:20]))
    result = CliRunner().invoke(main, ["evaluate", "--gold", str(gold), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output[result.output.index("{"):])
    assert scores["items"] == 20
    assert scores["pillar_accuracy"] >= 0.7


def test_shared_batch_comes_back_in_input_order_as_if_enriched_in_one_process():
    from nlp.enrich import MIN_PARALLEL_BATCH, Enricher

    items = labelled_split("dev")[: MIN_PARALLEL_BATCH + 5]
    records = [{"id": i["id"], "title": i["title"], "text": i.get("text") or "\n".join(i["paragraphs"])}
               for i in items]
    alone = Enricher(workers=1)
    shared = Enricher(workers=2)
    try:
        expected = alone.enrich(records)
        got = shared.enrich(records)
        assert shared._pool is not None  # the helper process did take a share
    finally:
        shared.close()
    assert [g["id"] for g in got] == [r["id"] for r in records]
    drop = ("enriched_at", "embedding")
    assert [{k: v for k, v in g.items() if k not in drop} for g in got] == \
        [{k: v for k, v in e.items() if k not in drop} for e in expected]


def test_a_hostile_body_does_not_fail_the_batch():
    from nlp.enrich import MAX_TOKEN_CHARS, Enricher, readable_text

    blob = "A" * 1_000_000  # an inline base64 blob: one 1,000,000-character token (spaCy E088 before)
    assert max(len(w) for w in readable_text(f"Lonza opened a plant. {blob} More text.").split()) == MAX_TOKEN_CHARS
    enricher = Enricher(workers=1)
    out = enricher.enrich([{**FACILITY, "id": "hostile", "text": FACILITY["text"] + " " + blob,
                            "title": FACILITY["title"] + " " + "B" * 5000}, APPOINTMENT])
    assert [o["id"] for o in out] == ["hostile", APPOINTMENT["id"]]
    assert out[0]["pillar"] == "infrastructure" and "Lonza" in out[0]["companies"]


def test_leadership_and_results_items_carry_no_amount():
    from nlp.enrich import Enricher

    appointment = {**APPOINTMENT, "id": "l2",
                   "text": APPOINTMENT["text"] + " Keller oversaw a $2 billion savings programme at Novartis."}
    results = {"id": "r1", "title": "Siegfried reports first-half results",
               "text": "Siegfried reported first-half sales of CHF 640 million, up 8%, and confirmed its full-year "
                       "guidance; the company said its profit rose on higher volumes."}
    out = Enricher(workers=1).enrich([appointment, results])
    assert out[0]["pillars"] == ["leadership"] and out[0]["amount"] is None
    assert out[1]["event_type"] == "financial_results" and out[1]["amount"] is None
