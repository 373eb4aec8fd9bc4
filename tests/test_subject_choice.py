"""Who an item is about when its headline names several organisations (nlp/entities/subject_choice.py), read with the real
pipeline's read pass and knowledge base."""

from __future__ import annotations

import pytest

from nlp.entities.article_entities import entity_mentions, party_companies, people_in
from nlp.entities.subject_choice import subject_of
from nlp.spacy_pipeline import read_disabled


@pytest.fixture(scope="module")
def subject(enricher):
    def read(title: str, body: str) -> str | None:
        title_doc, body_doc = enricher.nlp.pipe([title, body], disable=read_disabled(enricher.nlp))
        people = people_in(entity_mentions(body_doc), entity_mentions(title_doc), body_doc.text, title_doc.text)
        return subject_of(title_doc, body_doc, party_companies(title_doc, body_doc, people), enricher.index)
    return read


def test_a_regulator_in_the_headline_is_not_the_subject(subject):
    assert subject("FDA approves commercial production at Lonza's Portsmouth plant",
                   "The FDA approved the site after an inspection in May. Lonza said output starts this year.") == "Lonza"


def test_an_investor_bidding_for_a_cdmo_is_not_the_subject(subject):
    assert subject("EQT launches cash bid for Recipharm",
                   "EQT offered SEK 220 a share for Recipharm, the Swedish contract manufacturer.") == "Recipharm"


def test_a_group_gives_way_to_its_cdmo_unit_named_in_the_item(subject):
    assert subject("Fujifilm commits a further $1.2bn to Holly Springs",
                   "Fujifilm Diosynth Biotechnologies will add eight bioreactors at its North Carolina campus."
                   ) == "Fujifilm Biotechnologies"


def test_a_plant_sale_is_the_buyers_news_and_a_business_sale_the_sellers(subject):
    assert subject("Novartis sells two Spanish plants to Siegfried",
                   "Siegfried will take over the Barcelona sites and their staff from Novartis.") == "Siegfried"
    assert subject("Cambrex sells its drug product business to Noramco",
                   "Cambrex will focus on drug substance after the sale to Noramco.") == "Cambrex"


def test_a_single_company_headline_is_unchanged(subject):
    assert subject("Lonza opens a drug product plant in Stein",
                   "Lonza said the Stein plant fills vials and syringes.") == "Lonza"


def test_an_operating_company_buying_a_cdmo_is_the_subject_and_not_its_unit(subject):
    assert subject("Ajinomoto to buy gene therapy CDMO Forge Biologics for $620 million",
                   "Ajinomoto will pay cash for Forge Biologics, the Ohio gene therapy manufacturer.") == "Ajinomoto"
    assert subject("Fujifilm to buy Biogen's Hillerød biologics plant",
                   "Fujifilm Diosynth Biotechnologies will run the Danish plant it buys from Biogen.") == "Fujifilm"
