"""Cue words match whole words, and acronyms only in capitals (nlp/classification/cues.py), in the baseline and the evidence."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from nlp.classification.cues import count_cues, has_cue
from nlp.classification.evidence import evidence_for
from nlp.evaluation.keyword_baseline import keyword_pillar


def test_acronyms_match_only_as_capitalised_whole_words():
    assert not has_cue("the CEO said so", ["AI"])
    assert not has_cue("the names were read", ["MES"])
    assert not has_cue("an ai-free story", ["AI"])
    assert has_cue("an AI model", ["AI"]) and has_cue("its new MES.", ["MES"]) and has_cue("(LIMS)", ["LIMS"])


def test_words_match_in_any_case_but_only_whole():
    assert has_cue("New Plant in Visp", ["plant"])
    assert not has_cue("an implant maker", ["plant"])
    assert not has_cue("the plants", ["plant"])
    assert has_cue("the plants", ["plant*"]) and not has_cue("transplants", ["plant*"])
    assert count_cues("Expansion; they expand", ["expan*"]) == 2


@given(st.text(alphabet="bcdfghjklmnpqrstvwxyz", min_size=1, max_size=6),
       st.text(alphabet="bcdfghjklmnpqrstvwxyz", min_size=0, max_size=6))
def test_a_cue_inside_a_longer_word_never_matches(before, after):
    assert not has_cue(f"the {before}ai{after} word", ["AI"])
    assert not has_cue(f"the {before}mes{after} word", ["MES"])
    assert not has_cue(f"x {before}plant{after} y", ["plant"])


def test_keyword_baseline_is_not_fooled_by_letters_inside_words():
    # "said", "claims", "names", "maintains": the old substring count read these as digital (ai, mes).
    title = "Contract maker said it maintains its claims, names a buyer"
    pillar, _ = keyword_pillar(title, "The agreement was signed and the acquisition agreed.")
    assert pillar == "other"


def test_evidence_picks_sentences_with_whole_word_cues():
    sentences = ["The chairman said the quarter was fine.", "It deploys an AI model on its MES."]
    assert evidence_for("digital", "Acme update", sentences) == ["It deploys an AI model on its MES."]
