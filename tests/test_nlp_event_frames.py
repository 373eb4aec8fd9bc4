"""Event frames from the real pipeline (slow): facility, leadership and digital items."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow

FACILITY = {
    "id": "f", "published": "2025-05-02",
    "title": "Kestrel Biologics to build $120 million cell therapy plant in Holly Springs",
    "text": "Kestrel Biologics will invest $120 million in a 150,000 square feet cell therapy plant in "
            "Holly Springs, North Carolina, the company said. The site opens in 2027.\n"
            "About Kestrel Biologics: Kestrel is a CDMO. Media contact: Ann Lee.",
}
LEADERSHIP = {
    "id": "l", "title": "Siegfried names Maria Keller chief financial officer",
    "text": "Siegfried Holding AG has appointed Maria Keller as Chief Financial Officer, effective 1 March. "
            "She succeeds Tom Becker, who retires after eight years.",
}
DIGITAL = {
    "id": "d", "title": "Lonza and Dassault Systèmes build a digital twin of Visp bioreactors",
    "text": "Lonza has partnered with Dassault Systèmes to build a digital twin of its mammalian plant in Visp, "
            "Switzerland, to simulate process changes before they reach the floor.",
}


def test_frames(enricher):
    facility, leadership, digital = enricher.enrich([FACILITY, LEADERSHIP, DIGITAL])
    (frame,) = facility["events"]
    assert frame["company"] == "Kestrel Biologics" and frame["pillar"] == "infrastructure"
    assert (frame["city"], frame["country"]) == ("Holly Springs", "US") and frame["lat"] is not None
    assert frame["amount_usd"] == 120e6 and frame["capacity"] == "150,000 square feet"
    assert frame["modality"] == "cell_therapy"
    assert "Ann Lee" not in facility["people"]  # media contacts are boilerplate

    by_person = {f["person"]: f for f in leadership["events"]}
    assert by_person["Maria Keller"]["role"] == "CFO" and by_person["Maria Keller"]["action"] == "appointed"
    assert by_person["Tom Becker"]["role"] == "CFO" and by_person["Tom Becker"]["action"] == "departed"
    assert by_person["Tom Becker"]["predecessor"] is None
    assert by_person["Maria Keller"]["predecessor"] == "Tom Becker"

    (frame,) = digital["events"]
    assert frame["technology"] == "digital_twin" and frame["company"] == "Lonza"
    assert frame["partner"] == "Dassault Systèmes" and frame["country"] == "CH"


ACQUISITION = {
    "id": "a", "title": "Kestrel Biologics buys Merck KGaA's Darmstadt fill-finish site",
    "text": "Kestrel Biologics has agreed to acquire a fill-finish plant in Darmstadt, Germany, from Merck KGaA "
            "for $90 million, adding two vial lines.",
}


@pytest.mark.parametrize(("pillar", "event_type", "reads"), [
    ("infrastructure", "facility_investment", False), ("infrastructure", "facility_opening", False),
    ("infrastructure", "capacity_expansion", False), ("infrastructure", "site_acquisition", True),
    ("leadership", "executive_appointment", True), ("digital", "digital_launch", True),
    ("other", "m_and_a", True),
])
def test_only_frames_that_read_the_body_parse_get_it(pillar, event_type, reads):
    from nlp.classification.classifier_head import PillarPrediction
    from nlp.events.event_frames import reads_body_parse

    prediction = PillarPrediction(pillar=pillar, pillar_scores={}, pillars=[pillar], event_type=event_type)
    assert reads_body_parse(prediction) is reads


def test_site_acquisition_finds_the_seller_in_the_body(enricher):
    (item,) = enricher.enrich([ACQUISITION])
    (frame,) = item["events"]
    assert frame["event_type"] == "site_acquisition" and frame["company"] == "Kestrel Biologics"
    assert frame["partner"] == "Merck KGaA"
