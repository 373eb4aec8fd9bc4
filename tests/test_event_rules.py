from __future__ import annotations

import pytest

from nlp.event_rules import headline_event_type


@pytest.mark.parametrize("pillar, title, event", [
    ("infrastructure", "Lonza opens Visp fill-finish plant", "facility_opening"),
    ("infrastructure", "Siegfried acquires two sites from Novartis", "site_acquisition"),
    ("infrastructure", "Bachem doubles peptide capacity", "capacity_expansion"),
    ("infrastructure", "Samsung Biologics breaks ground on Plant 6", "facility_investment"),
    ("leadership", "Recipharm CFO to step down", "executive_departure"),
    ("leadership", "Cambrex names new CEO", "executive_appointment"),
    ("digital", "Lonza adopts AI scheduling", None),
    ("leadership", "A leadership story with no verb of its own", None),
])
def test_headline_verbs(pillar, title, event):
    assert headline_event_type(pillar, title) == event
