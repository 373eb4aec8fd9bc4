"""radar_places: adjacent place entities joined, normalised and geocoded offline."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc, Span

import nlp.components.place_resolver  # noqa: F401


def _places(words, ents):
    nlp = spacy.blank("en")
    resolver = nlp.add_pipe("radar_places")
    doc = Doc(nlp.vocab, words=words)
    doc.ents = [Span(doc, s, e, label=label) for s, e, label in ents]
    return [s._.place for s in resolver(doc).spans["places"]]


def test_city_region_country_and_coordinates():
    words = "plants in Holly Springs , N.C. and Ringaskiddy , County Cork , Ireland".split()
    holly, ringaskiddy = _places(words, [(2, 4, "GPE"), (5, 6, "GPE"), (7, 8, "GPE"), (9, 11, "GPE"),
                                         (12, 13, "GPE")])
    assert (holly.city, holly.region, holly.country) == ("Holly Springs", "North Carolina", "US")
    assert holly.lat == pytest.approx(35.65, abs=0.05) and holly.lon == pytest.approx(-78.83, abs=0.05)
    assert (ringaskiddy.city, ringaskiddy.region, ringaskiddy.country) == ("Ringaskiddy", "County Cork", "IE")


def test_country_named_elsewhere_picks_the_town():
    (cambridge, _) = _places("Cambridge and England".split(), [(0, 1, "GPE"), (2, 3, "GPE")])
    assert cambridge.country == "GB"


def test_country_only_has_no_coordinates():
    (ireland,) = _places(["Ireland"], [(0, 1, "GPE")])
    assert (ireland.city, ireland.country, ireland.lat) == (None, "IE", None)


def test_a_us_state_named_elsewhere_picks_the_us_town():
    # A dateline "CAMBRIDGE, Mass." and a bare "Cambridge" later: both are the Massachusetts one, not England's.
    words = "CAMBRIDGE , Mass. -- the plant in Cambridge".split()
    dateline, bare = _places(words, [(0, 1, "GPE"), (2, 3, "GPE"), (7, 8, "GPE")])
    assert dateline.country == "US" and bare.country == "US" and bare.lat == pytest.approx(42.37, abs=0.05)
    (alone,) = _places("the plant in Cambridge".split(), [(3, 4, "GPE")])
    assert alone.country == "GB"  # with nothing else to go on, the larger town
