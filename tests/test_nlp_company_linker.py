"""radar_company_linker on hand-built docs: knowledge-base names, in-doc short forms and acronyms, unknowns."""

from __future__ import annotations

import spacy
from hypothesis import given
from hypothesis import strategies as st
from spacy.tokens import Doc, Span

import nlp.components.company_linker  # noqa: F401
from nlp.components.company_linker import link_in_context


def _linked(words, ents):
    nlp = spacy.blank("en")
    linker = nlp.add_pipe("radar_company_linker")
    doc = Doc(nlp.vocab, words=words)
    doc.ents = [Span(doc, s, e, label="ORG") for s, e in ents]
    return [(e.text, e._.company, e._.known) for e in linker(doc).ents]


def test_knowledge_base_forms_resolve():
    words = "Lonza Group AG , Samsung BioLogics Co. and Fujifilm Diosynth Biotechnology met".split()
    assert _linked(words, [(0, 3), (4, 7), (8, 11)]) == [
        ("Lonza Group AG", "Lonza", True), ("Samsung BioLogics Co.", "Samsung Biologics", True),
        ("Fujifilm Diosynth Biotechnology", "Fujifilm Biotechnologies", True)]


def test_short_forms_and_acronyms_follow_the_long_name_of_the_doc():
    words = "Kestrel Pharma Solutions and the Center for Breakthrough Cures ( CBC ) said Kestrel will grow".split()
    linked = _linked(words, [(0, 3), (5, 9), (10, 11), (13, 14)])
    assert [c for _, c, _ in linked] == ["Kestrel Pharma Solutions", "Center for Breakthrough Cures",
                                          "Center for Breakthrough Cures", "Kestrel Pharma Solutions"]
    assert not any(known for _, _, known in linked)


def test_unknown_organisation_kept_as_found():
    assert _linked("Bluefinch Therapeutics Inc. 's plant".split(), [(0, 4)]) == [
        ("Bluefinch Therapeutics Inc. 's", "Bluefinch Therapeutics", False)]


@given(st.from_regex(r"[A-Z][a-z]{3,9} [A-Z][a-z]{3,9}", fullmatch=True))
def test_a_name_never_abbreviates_itself(name):
    assert link_in_context(name, [name]) is None


def test_unknown_company_loses_its_legal_form_but_keeps_group_words():
    words = "Corvane Therapeutics , Inc. and Kestrelmoor Group signed".split()
    assert _linked(words, [(0, 4), (5, 7)]) == [
        ("Corvane Therapeutics , Inc.", "Corvane Therapeutics", False), ("Kestrelmoor Group", "Kestrelmoor Group", False)]


def test_a_short_form_follows_the_doc_before_a_group_name_the_knowledge_base_derives():
    # "Samsung" is no listed form; without the doc it would resolve to Samsung Group ("Group" is dropped by
    # normalise), but this doc has named Samsung Biologics: the short form is that company.
    words = "Samsung Biologics opened Plant 4 ; Samsung spent 2 trillion won".split()
    assert _linked(words, [(0, 2), (6, 7)]) == [
        ("Samsung Biologics", "Samsung Biologics", True), ("Samsung", "Samsung Biologics", True)]
    assert _linked("Samsung spent 2 trillion won".split(), [(0, 1)]) == [("Samsung", "Samsung Group", True)]
    # A form the knowledge base lists still wins over the doc: "Merck" is Merck & Co. even after Merck KGaA.
    assert _linked("Merck KGaA and Merck signed".split(), [(0, 2), (3, 4)])[1] == ("Merck", "Merck", True)
