from __future__ import annotations

import pytest

from nlp.event_rules import headline_event_type


@pytest.mark.parametrize("pillar, title, event", [
    ("infrastructure", "Lonza opens Visp fill-finish plant", "facility_opening"),
    # Verbs the fine-tuned classifier reads itself: the rules for them were dropped (nlp/event_rules.py).
    ("infrastructure", "Siegfried acquires two sites from Novartis", None),
    ("infrastructure", "Bachem doubles peptide capacity", None),
    ("infrastructure", "Samsung Biologics breaks ground on Plant 6", None),
    ("leadership", "Recipharm CFO to step down", None),
    ("leadership", "Cambrex names new CEO", None),
    ("digital", "Lonza adopts AI scheduling", None),
    ("leadership", "A leadership story with no verb of its own", None),
])
def test_headline_verbs(pillar, title, event):
    assert headline_event_type(pillar, title) == event


@pytest.mark.parametrize("title, companies, event", [
    ("GSK builds digital twin of vaccine process at Wavre", ["GSK"], "digital_launch"),
    ("Piramal picks SAP for its cloud ERP move", ["Piramal Pharma Solutions", "SAP"], "digital_partnership"),
    ("Bachem and Quantalys partner on AI models", ["Bachem"], "digital_partnership"),
])
def test_a_digital_partnership_needs_a_partner(title, companies, event):
    from nlp.event_rules import digital_event_type

    assert digital_event_type("digital_partnership", title, companies[0], companies) == event
    assert digital_event_type("digital_launch", title, companies[0], companies) == "digital_launch"


def test_a_completed_or_running_plant_is_an_opening_but_a_completed_purchase_is_not():
    from nlp.event_rules import headline_event_type

    for title in ("Upperton completes £15 million Nottingham manufacturing build",
                  "Genezen cuts ribbon on $40m Fishers vector facility",
                  "Daewoong's fully automated Osong plant enters production",
                  "Yposkesi's second plant in France is complete"):
        assert headline_event_type("infrastructure", title) == "facility_opening", title
    assert headline_event_type("infrastructure", "Lonza completes acquisition of Vacaville site") is None
