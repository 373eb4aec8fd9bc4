"""Offline place normalisation: GeoNames towns, US states and abbreviations, the repo's extra towns."""

from __future__ import annotations

import pytest

from nlp.entities.gazetteer import gazetteer


@pytest.mark.parametrize("text, city, region, country", [
    ("Visp, Switzerland", "Visp", None, "CH"),
    ("Vacaville, California", "Vacaville", "California", "US"),
    ("Holly Springs, N.C.", "Holly Springs", "North Carolina", "US"),
    ("Songdo", "Songdo", "Incheon", "KR"),
    ("Frankfurt", "Frankfurt am Main", None, "DE"),
    ("Singapore", "Singapore", None, "SG"),
    ("New Jersey", None, "New Jersey", "US"),
    ("the U.K.", None, None, "GB"),
])
def test_places_normalise(text, city, region, country):
    place = gazetteer().resolve(text)
    assert (place.city, place.region, place.country) == (city, region, country)
    assert (place.lat is None) == (city is None)


def test_small_same_named_towns_need_a_country():
    assert gazetteer().resolve("Springfield").city is None or gazetteer().resolve("Springfield").country == "US"
    assert gazetteer().resolve("Dudley", ("US",)).country == "US"
    assert gazetteer().resolve("Dudley").country == "GB"
