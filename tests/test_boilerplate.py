"""Where the news part of a release ends."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from nlp.boilerplate import news_part


def test_about_contacts_and_disclaimers_are_cut():
    text = ("Lonza will build a plant.\nAbout half of the staff will move.\n"
            "About Lonza: Lonza is a CDMO.\nMedia contact: Jo Bloggs.")
    assert news_part(text) == "Lonza will build a plant.\nAbout half of the staff will move."
    assert news_part("Lead.\n\nForward-looking statements: this may change.") == "Lead."


def test_lead_is_never_cut_and_length_is_capped():
    assert news_part("About Lonza: the lead itself.") == "About Lonza: the lead itself."
    assert len(news_part("word " * 5000, max_words=100).split()) == 100


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300))
def test_always_a_prefix(text):
    assert text.startswith(news_part(text))
