"""radar_money places parsed amounts on tokens."""

from __future__ import annotations

import spacy

import nlp.components.money_spans  # noqa: F401


def test_amounts_become_spans_with_values():
    nlp = spacy.blank("en")
    nlp.add_pipe("radar_money")
    doc = nlp("Syngene will invest ₹500 crore ($60 million) in Mangaluru, up to €1.2bn later.")
    found = [(s.text, s._.money.value, s._.money.currency) for s in doc.spans["money"]]
    assert found == [("₹500 crore", 5e9, "INR"), ("$60 million", 60e6, "USD"), ("€1.2bn", 1.2e9, "EUR")]


def test_no_money_no_spans():
    nlp = spacy.blank("en")
    nlp.add_pipe("radar_money")
    assert list(nlp("A 2,000-litre bioreactor opened in 2025.").spans["money"]) == []
