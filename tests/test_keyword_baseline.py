from __future__ import annotations

from nlp.evaluation.keyword_baseline import keyword_pillar


def test_cue_words_pick_pillar_and_event():
    assert keyword_pillar("Lonza opens new fill-finish plant", "The facility was opened by the minister.") == (
        "infrastructure", "facility_opening")
    assert keyword_pillar("Acme appoints new CEO", "The board named Jo Bloggs chief executive.")[0] == "leadership"
