"""The shipped fine-tuned MiniLM classifier: loads offline from the repo, reads clear headlines, trains seeded."""

from __future__ import annotations

import pytest

from nlp.classification.classifier_head import ClassifierHeads
from nlp.classification.sentence_encoder import TUNED_TOP_FILE, SentenceEncoder
from nlp.enrich import ARTIFACT_DIR, classifier_input
from nlp.evaluation.labelled_data import labelled_split
from nlp.model_loading import tuned_top_file
from nlp.taxonomy import PILLARS
from nlp.training.classifier_training import train_finetuned
from nlp.training.fine_tuning import FineTuneConfig, calibration_split

# Written for this test; none of them is in the labelled data.
CLEAR = [
    ("Harbourline Biologics breaks ground on $300 million antibody plant in North Carolina",
     "Harbourline Biologics has started construction of a new biologics manufacturing facility in Durham, North "
     "Carolina, with four 5,000-litre bioreactors. The $300 million plant is due to enter GMP operation in 2028.",
     "infrastructure", {"facility_investment"}),
    ("Verdane Pharma Services appoints Ruth Okafor as chief executive officer",
     "Verdane Pharma Services said its board has appointed Ruth Okafor as CEO, effective 1 February. Okafor joins "
     "from a large contract manufacturer, where she ran global operations, and succeeds the interim chief.",
     "leadership", {"executive_appointment"}),
    ("Corvel Chemicals reports third-quarter revenue up 8% and raises full-year guidance",
     "Corvel Chemicals said quarterly sales rose 8% on demand for small-molecule development services and "
     "lifted its outlook for the year. Operating margin improved to 19%.",
     "other", {"financial_results"}),
]


def test_the_shipped_classifier_is_fine_tuned_and_loads_offline(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    monkeypatch.delenv("RADAR_ENCODER_PATH", raising=False)
    assert tuned_top_file(ARTIFACT_DIR) == str(ARTIFACT_DIR / TUNED_TOP_FILE)
    heads = ClassifierHeads.load(ARTIFACT_DIR)
    assert heads.version.startswith("minilm-l6-v2+ft-")
    packaged, embeddings = SentenceEncoder(tuned_top=tuned_top_file(ARTIFACT_DIR)).encode_pair(
        [classifier_input(title, lead) for title, lead, _, _ in CLEAR])
    # The stored (story-grouping) embedding is the packaged model's; the heads read the tuned one.
    assert (packaged == SentenceEncoder().encode([classifier_input(t, lead) for t, lead, _, _ in CLEAR])).all()
    assert not (packaged == embeddings).all()
    for prediction, (title, _, pillar, events) in zip(heads.predict(embeddings), CLEAR, strict=True):
        assert prediction.pillar == pillar, title
        assert prediction.event_type in events, title
        assert prediction.pillar_scores[pillar] > 0.5, title
        assert set(prediction.pillar_scores) == set(PILLARS)


def test_the_calibration_slice_is_seeded_and_covers_every_pillar():
    primary = [PILLARS[i % 4] for i in range(200)]
    fit, calibrate = calibration_split(primary, 0.1, seed=13)
    assert sorted(fit + calibrate) == list(range(200)) and not set(fit) & set(calibrate)
    assert {primary[i] for i in calibrate} == set(PILLARS) and len(calibrate) == 20
    assert calibration_split(primary, 0.1, seed=13) == (fit, calibrate)
    assert calibration_split(primary, 0.1, seed=14) != (fit, calibrate)


@pytest.mark.slow
def test_fine_tuning_is_seeded(tmp_path):
    items = labelled_split("train")[::80]  # 21 items: a few steps, the same code path as `radar train`
    config = FineTuneConfig(epochs=1, batch_size=8, max_tokens=48)
    first = train_finetuned(items, tmp_path / "a", config)
    second = train_finetuned(items, tmp_path / "b", config)
    assert first.version == second.version
    weights = [(tmp_path / run / TUNED_TOP_FILE).read_bytes() for run in ("a", "b")]
    assert weights[0] == weights[1]
    other_seed = train_finetuned(items, tmp_path / "c", FineTuneConfig(epochs=1, batch_size=8, max_tokens=48,
                                                                      seed=14))
    assert other_seed.version != first.version
