"""model_version changes whenever enrichment output can change, so the Prefect cache never serves stale output."""

from __future__ import annotations

import shutil
from pathlib import Path

from nlp.enrich import ARTIFACT_DIR, Enricher
from nlp.entities.company_names import KNOWLEDGE_BASE
from nlp.model_version import output_fingerprint

INPUTS = [{"id": "a", "title": "Lonza opens plant", "text": "Lonza opened a plant.", "published": "2025-01-01"}]


def _version(tmp_path: Path, knowledge_base: Path, artifacts: Path = ARTIFACT_DIR) -> str:
    return Enricher(artifacts, workers=1, knowledge_base=str(knowledge_base)).model_version


def test_editing_the_knowledge_base_changes_the_version_and_the_cache_key(tmp_path):
    kb = tmp_path / "companies.yaml"
    shutil.copy(KNOWLEDGE_BASE, kb)
    before = _version(tmp_path, kb)
    assert before == _version(tmp_path, kb), "same inputs, same version"
    kb.write_text(kb.read_text() + "  - {name: Kestrel Bio, aliases: [], hq_country: US, is_cdmo: true}\n")
    after = _version(tmp_path, kb)
    assert after != before
    from flows.pipeline import _batch_cache_key  # imported here: importing the flow configures Prefect
    assert _batch_cache_key(None, {"inputs": INPUTS, "model_version": before}) != \
        _batch_cache_key(None, {"inputs": INPUTS, "model_version": after})


def test_an_overlay_file_is_part_of_the_version(tmp_path):
    overlay = tmp_path / "overlay.yaml"
    overlay.write_text("companies:\n  - {name: Kestrel Bio, aliases: [], hq_country: US, is_cdmo: true}\n")
    spec = f"{KNOWLEDGE_BASE}:{overlay}"
    assert _version(tmp_path, KNOWLEDGE_BASE) != Enricher(workers=1, knowledge_base=spec).model_version


def test_new_heads_change_the_version(tmp_path):
    artifacts = tmp_path / "heads"
    shutil.copytree(ARTIFACT_DIR, artifacts)
    before = output_fingerprint(artifacts, [KNOWLEDGE_BASE])
    weights = artifacts / "heads.npz"
    weights.write_bytes(weights.read_bytes() + b"\0")
    assert output_fingerprint(artifacts, [KNOWLEDGE_BASE]) != before


def test_rules_and_the_fx_table_are_part_of_the_fingerprint():
    from nlp.model_version import output_files

    files = {p.name for p in output_files(ARTIFACT_DIR, [KNOWLEDGE_BASE])}
    assert {"fx_usd_yearly.yaml", "event_rules.py", "org_filter.py", "pipeline.cfg", "companies.yaml",
            "heads.json", "model.json", "roles.py", "role_candidates.py"} <= files
    assert "scores.py" not in files and "role_training.py" not in files


def test_the_stage_folders_decide_what_is_hashed():
    from nlp.model_version import NLP_DIR, output_files

    hashed = {p.relative_to(NLP_DIR).parts[0] for p in output_files(ARTIFACT_DIR, [KNOWLEDGE_BASE])
              if p.suffix == ".py" and p.is_relative_to(NLP_DIR)}
    assert {"entities", "classification", "events", "components", "enrich.py"} <= hashed
    assert not hashed & {"training", "evaluation", "model_version.py"}


def test_the_demo_companies_live_only_in_the_demo_overlay():
    from flows.demo import DEMO_KNOWLEDGE_BASE
    from nlp.entities.company_names import company_index

    assert company_index(KNOWLEDGE_BASE).resolve("Alderbrook Biologics") is None
    assert company_index(f"{KNOWLEDGE_BASE}:{DEMO_KNOWLEDGE_BASE}").resolve("Alderbrook") == "Alderbrook Biologics"
    assert "biopress wire" in company_index(f"{KNOWLEDGE_BASE}:{DEMO_KNOWLEDGE_BASE}").outlets


def test_new_encoder_weights_change_the_version(tmp_path):
    artifacts = tmp_path / "heads"
    shutil.copytree(ARTIFACT_DIR, artifacts)
    before = output_fingerprint(artifacts, [KNOWLEDGE_BASE])
    weights = artifacts / "encoder_top.safetensors"
    assert weights.exists(), "the shipped classifier stores its fine-tuned layers beside the heads"
    weights.write_bytes(weights.read_bytes()[:-1] + b"\1")
    assert output_fingerprint(artifacts, [KNOWLEDGE_BASE]) != before
