from __future__ import annotations

import numpy as np
import pytest

from nlp.classification.classifier_head import ClassifierHeads
from nlp.taxonomy import EVENT_TYPES_BY_PILLAR, PILLARS


def _toy(seed=0):
    """Four well-separated clusters, one per pillar, in a 16-d space."""
    rng = np.random.default_rng(seed)
    centres = np.eye(4, 16) * 3
    x, pillar_sets, events = [], [], []
    for i, pillar in enumerate(PILLARS):
        for _ in range(30):
            x.append(centres[i] + rng.normal(0, 0.3, 16))
            pillar_sets.append([pillar])
            events.append(EVENT_TYPES_BY_PILLAR[pillar][0])
    return np.array(x), pillar_sets, events


def test_learns_and_predicts_consistent_labels():
    x, pillar_sets, events = _toy()
    heads = ClassifierHeads.train(x, pillar_sets, events)
    predictions = heads.predict(x)
    assert [p.pillar for p in predictions] == [s[0] for s in pillar_sets]
    for p in predictions:
        assert p.event_type in EVENT_TYPES_BY_PILLAR[p.pillar]
        assert p.pillars[0] == p.pillar
        assert set(p.pillar_scores) == set(PILLARS)
        if p.pillar == "other":
            assert p.pillars == ["other"]


def test_training_is_reproducible_and_roundtrips(tmp_path):
    x, pillar_sets, events = _toy()
    a = ClassifierHeads.train(x, pillar_sets, events, seed=3)
    b = ClassifierHeads.train(x, pillar_sets, events, seed=3)
    assert a.version == b.version
    a.save(tmp_path)
    loaded = ClassifierHeads.load(tmp_path)
    assert loaded.version == a.version
    assert [p.pillar_scores for p in loaded.predict(x[:5])] == [p.pillar_scores for p in a.predict(x[:5])]


def test_artifact_for_another_taxonomy_is_refused(tmp_path):
    x, pillar_sets, events = _toy()
    ClassifierHeads.train(x, pillar_sets, events).save(tmp_path)
    meta = (tmp_path / "heads.json").read_text().replace('"digital"', '"data"')
    (tmp_path / "heads.json").write_text(meta)
    with pytest.raises(ValueError, match="radar train"):
        ClassifierHeads.load(tmp_path)
