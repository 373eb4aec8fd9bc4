"""The quality gate: `radar evaluate --gate` on the dev split against the floors of nlp/evaluation/quality_baseline.yaml."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from flows.cli import main
from nlp.evaluation.labelled_data import labelled_split
from nlp.evaluation.quality_gate import below_floor, floors


def test_floor_check_names_each_failing_metric(tmp_path):
    baseline = tmp_path / "baseline.yaml"
    baseline.write_text("floors:\n  companies_f1: 0.9\n  amount_f1: 0.8\n")
    assert below_floor({"companies_f1": 0.85, "amount_f1": 0.95}, baseline) == [
        "companies_f1 0.850 < floor 0.900"]
    assert below_floor({"companies_f1": 0.9}, baseline) == ["amount_f1: missing from the scores"]


def test_repo_floors_cover_the_issue_metrics():
    assert set(floors()) >= {"pillar_macro_f1", "event_type_accuracy", "companies_f1", "subject_company_accuracy",
                             "people_f1", "roles_f1", "amount_f1"}


@pytest.mark.slow
def test_dev_split_passes_the_gate(tmp_path):
    gold = tmp_path / "dev.jsonl"
    gold.write_text("".join(json.dumps(i) + "\n" for i in labelled_split("dev")))
    result = CliRunner().invoke(main, ["evaluate", "--gold", str(gold), "--json", "--gate"])
    assert result.exit_code == 0, result.output[-2000:]
    scores = json.loads(result.output[result.output.index("{") : result.output.rindex("}") + 1])
    assert scores["items"] == len(labelled_split("dev"))
    assert scores["model_version"].startswith("minilm-l6-v2+ft-")
    assert scores["pillar_macro_f1"] > scores["baseline"]["pillar_macro_f1"]
    assert scores["companies_f1"] > scores["baseline"]["companies_f1"]


def test_errors_are_refused_on_the_locked_test_even_under_another_name(tmp_path):
    from nlp.evaluation.held_out import LOCKED_FILE
    from nlp.evaluation.labelled_data import read_jsonl

    copy = tmp_path / "renamed.jsonl"
    copy.write_text("".join(json.dumps(i) + "\n" for i in read_jsonl(LOCKED_FILE)[:3]))
    result = CliRunner().invoke(main, ["evaluate", "--gold", str(copy), "--errors", "5"])
    assert result.exit_code == 2
    assert "--errors is refused on the locked test" in result.output


def test_errors_are_refused_on_the_independent_set_even_under_another_name(tmp_path):
    from nlp.evaluation.held_out import INDEPENDENT_DIR
    from nlp.evaluation.labelled_data import read_jsonl

    copy = tmp_path / "mine.jsonl"
    copy.write_text("".join(json.dumps(i) + "\n" for i in read_jsonl(sorted(INDEPENDENT_DIR.glob("*.jsonl"))[-1])[:2]))
    result = CliRunner().invoke(main, ["evaluate", "--gold", str(copy), "--errors", "5"])
    assert result.exit_code == 2
    assert "--errors is refused on the independent set" in result.output


@pytest.mark.slow
def test_locked_test_use_prints_totals_and_is_logged(tmp_path, monkeypatch):
    from nlp.evaluation.held_out import LOCKED_FILE
    from nlp.evaluation.labelled_data import read_jsonl

    log = tmp_path / "README.md"
    log.write_text("## Uses\n")
    monkeypatch.setenv("RADAR_LOCKED_TEST_LOG", str(log))
    gold = tmp_path / "part.jsonl"
    gold.write_text("".join(json.dumps(i) + "\n" for i in read_jsonl(LOCKED_FILE)[:4]))
    result = CliRunner().invoke(main, ["evaluate", "--gold", str(gold)])
    assert result.exit_code == 0, result.output[-2000:]
    assert "companies" in result.output and "gold |" not in result.output  # totals, no item listing
    rows = log.read_text().splitlines()[1:]
    assert len(rows) == 1 and f"| {gold} | 4 |" in rows[0]


@pytest.mark.slow
def test_errors_listing_on_a_dev_file(tmp_path):
    gold = tmp_path / "dev.jsonl"
    gold.write_text("".join(json.dumps(i) + "\n" for i in labelled_split("dev")[:12]))
    result = CliRunner().invoke(main, ["evaluate", "--gold", str(gold), "--errors", "2"])
    assert result.exit_code == 0, result.output[-2000:]
    assert "\nevent_type: " in result.output and "\ncompanies: " in result.output
