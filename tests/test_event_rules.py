from __future__ import annotations

import pytest

from nlp.classification.event_rules import headline_event_type


@pytest.mark.parametrize("pillar, title, event", [
    ("infrastructure", "Lonza opens Visp fill-finish plant", "facility_opening"),
    # Verbs the fine-tuned classifier reads itself: the rules for them were dropped (nlp/classification/event_rules.py).
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


def test_a_completed_or_running_plant_is_an_opening_but_a_completed_purchase_is_not():
    from nlp.classification.event_rules import headline_event_type

    for title in ("Upperton completes £15 million Nottingham manufacturing build",
                  "Genezen cuts ribbon on $40m Fishers vector facility",
                  "Daewoong's fully automated Osong plant enters production",
                  "Yposkesi's second plant in France is complete"):
        assert headline_event_type("infrastructure", title) == "facility_opening", title
    assert headline_event_type("infrastructure", "Lonza completes acquisition of Vacaville site") is None
