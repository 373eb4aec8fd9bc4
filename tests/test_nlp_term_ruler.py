"""radar_term_ruler: modality and technology terms as spans, acronyms case-sensitive, none inside ORG names."""

from __future__ import annotations

import spacy
from spacy.tokens import Span

import nlp.components.term_ruler  # noqa: F401


def _terms(text, orgs=()):
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("radar_term_ruler")
    doc = nlp.make_doc(text)
    doc.ents = [Span(doc, s, e, label="ORG") for s, e in orgs]
    return [(s.text, s.label_, s.id_) for s in ruler(doc).spans["terms"]]


def test_modalities_and_technologies():
    found = _terms("A digital twin of the cell therapy line uses AI and an ADC suite.")
    assert ("digital twin", "TECHNOLOGY", "digital_twin") in found
    assert ("cell therapy", "MODALITY", "cell_therapy") in found
    assert ("AI", "TECHNOLOGY", "ai_ml") in found
    assert ("ADC", "MODALITY", "adc_bioconjugate") in found


def test_acronyms_are_case_sensitive():
    assert _terms("We said ai and adc in lower case.") == []


def test_terms_inside_organisation_names_are_ignored():
    assert _terms("Samsung Biologics opened a plant", orgs=[(0, 2)]) == []
