"""The trained NER (nlp/artifacts/ner): loads offline, finds organisations and people, is part of the model version,
and is what the radar pipeline runs (slow: loads spaCy models)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import spacy

from nlp.enrich import ARTIFACT_DIR
from nlp.entities.company_names import KNOWLEDGE_BASE
from nlp.model_loading import NER_MODEL_DIR
from nlp.model_version import output_fingerprint

pytestmark = pytest.mark.slow

SENTENCES = [
    ("Kestrel Biologics hired Marta Lindqvist as chief operating officer of its Boston plant.",
     {("Kestrel Biologics", "ORG"), ("Marta Lindqvist", "PERSON")}),
    ("Investors led by Novo Holdings backed the deal, said Tomasz Wierzbicki, who runs the fund.",
     {("Novo Holdings", "ORG"), ("Tomasz Wierzbicki", "PERSON")}),
]


def test_the_trained_ner_is_committed_and_loads_offline_in_a_fresh_process():
    assert (NER_MODEL_DIR / "ner" / "model").is_file()
    code = ("import spacy, sys; nlp = spacy.load(sys.argv[1]); "
            "print(nlp.pipe_names, sorted({e.label_ for e in nlp('Lonza appointed Jane Doe in Basel.').ents}))")
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "no_proxy": "*",
           "HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9"}
    out = subprocess.run([sys.executable, "-c", code, str(NER_MODEL_DIR)], capture_output=True, text=True,
                         env=env, timeout=120, check=True).stdout
    assert out.strip() == "['ner'] ['GPE', 'ORG', 'PERSON']"


@pytest.mark.parametrize(("sentence", "expected"), SENTENCES)
def test_the_trained_ner_finds_organisations_and_people(sentence, expected):
    nlp = spacy.load(NER_MODEL_DIR)
    found = {(e.text, e.label_) for e in nlp(sentence).ents if e.label_ in ("ORG", "PERSON")}
    assert expected <= found


def test_the_pipeline_runs_the_trained_ner():
    from nlp.spacy_pipeline import build_pipeline

    ours = build_pipeline()
    trained = spacy.load(NER_MODEL_DIR)
    texts = [s for s, _ in SENTENCES]
    only_ner = [n for n in ours.pipe_names if n != "ner"]
    assert [[(e.text, e.label_) for e in d.ents] for d in ours.pipe(texts, disable=only_ner)] == \
        [[(e.text, e.label_) for e in d.ents] for d in trained.pipe(texts)]
    ner_weights = ours.get_pipe("ner").model.get_ref("lower").get_param("W")
    assert (ner_weights == trained.get_pipe("ner").model.get_ref("lower").get_param("W")).all()


def test_changing_the_trained_ner_changes_the_model_version(tmp_path: Path):
    ner = tmp_path / "ner"
    shutil.copytree(NER_MODEL_DIR, ner)
    before = output_fingerprint(ARTIFACT_DIR, [KNOWLEDGE_BASE], ner_dir=ner)
    assert before == output_fingerprint(ARTIFACT_DIR, [KNOWLEDGE_BASE], ner_dir=ner)
    weights = ner / "ner" / "model"
    weights.write_bytes(weights.read_bytes() + b"\0")
    assert output_fingerprint(ARTIFACT_DIR, [KNOWLEDGE_BASE], ner_dir=ner) != before
    assert output_fingerprint(ARTIFACT_DIR, [KNOWLEDGE_BASE]) == \
        output_fingerprint(ARTIFACT_DIR, [KNOWLEDGE_BASE], ner_dir=NER_MODEL_DIR)


def test_training_is_seeded_and_learns_the_labelled_spans(tmp_path: Path):
    from nlp.training.ner_training import train_ner

    items = [{"title": f"Qorvane Labs hires Ilse Varnholt as site head {n}",
              "text": f"Qorvane Labs named Ilse Varnholt to lead its plant. Varnholt said batch {n} shipped.",
              "companies": ["Qorvane Labs"], "people": ["Ilse Varnholt"], "locations": []} for n in range(6)]
    rehearsal = ["The plant opened in Ohio in March 2024 and cost $40 million."]
    first = train_ner(items, tmp_path / "a", epochs=2, rehearsal=rehearsal, log=lambda _: None)
    train_ner(items, tmp_path / "b", epochs=2, rehearsal=rehearsal, log=lambda _: None)
    assert (tmp_path / "a" / "ner" / "model").read_bytes() == (tmp_path / "b" / "ner" / "model").read_bytes()
    assert first.pipe_names == ["ner"]
