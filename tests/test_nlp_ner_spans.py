"""Entity spans derived from item labels (names only) for NER training: nlp.training.ner_spans."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from nlp.training.ner_spans import (
    CharSpan,
    could_be_gold,
    gold_spans,
    ner_annotation,
    organisation_forms,
    person_forms,
)


def _texts(text: str, spans: list[CharSpan]) -> list[tuple[str, str]]:
    return [(text[s.start : s.end], s.label) for s in spans]


def test_company_person_and_location_are_found_longest_first():
    text = ("Lonza Group AG will build a plant in Visp, Switzerland. Chief executive Jane A. Doe said Lonza "
            "expects it to open in 2027. Doe added that Swissmedic had been told.")
    spans = gold_spans(text, ["Lonza", "Swissmedic"], ["Jane A. Doe"], ["Visp, Switzerland"],
                       aliases_of=lambda name: ("Lonza Group", "Lonza Group AG") if name == "Lonza" else ())
    assert _texts(text, spans) == [("Lonza Group AG", "ORG"), ("Visp", "GPE"), ("Switzerland", "GPE"),
                                   ("Jane A. Doe", "PERSON"), ("Lonza", "ORG"), ("Doe", "PERSON"),
                                   ("Swissmedic", "ORG")]


def test_matches_are_whole_words_and_case_sensitive():
    text = "Catalentis and catalent staff met Catalent."
    assert _texts(text, gold_spans(text, ["Catalent"], [], [])) == [("Catalent", "ORG")]


def test_a_surname_before_the_full_name_is_not_taken():
    text = "Doe Pharma hired Jane Doe."
    assert _texts(text, gold_spans(text, [], ["Jane Doe"], [])) == [("Jane Doe", "PERSON")]


def test_a_name_without_its_legal_form_or_descriptor_matches():
    assert "Vibalogics" in organisation_forms("Vibalogics GmbH")
    assert "Vertex" in organisation_forms("Vertex Pharmaceuticals")
    assert person_forms("Albert M. Baehny") == (["Albert M. Baehny", "Albert Baehny"], "Baehny")


def test_annotation_keeps_gold_drops_confident_false_orgs_and_rehearses_other_labels():
    text = "Acme Bio signed a deal with the FDA on Cell Shuttle worth $5 million in March."
    gold = [CharSpan(0, 8, "ORG")]
    predicted = [CharSpan(0, 4, "ORG"),  # overlaps gold: gold wins
                 CharSpan(32, 35, "ORG"),  # FDA: not a gold name here, no shared word → "O"
                 CharSpan(39, 51, "PERSON"),  # "Cell Shuttle": not a gold person → "O"
                 CharSpan(58, 68, "MONEY"), CharSpan(72, 77, "DATE")]
    entities, missing = ner_annotation(text, gold, predicted, ["Acme Bio"])
    assert _texts(text, entities) == [("Acme Bio", "ORG"), ("$5 million", "MONEY"), ("March", "DATE")]
    assert missing == []


def test_a_prediction_that_may_be_a_gold_org_under_another_form_is_left_unannotated():
    text = "The Center for Breakthrough Medicines (CBM) grows."
    predicted = [CharSpan(4, 37, "ORG"), CharSpan(39, 42, "ORG")]
    entities, missing = ner_annotation(text, [], predicted, ["CBM Group"])
    assert entities == [] and missing == [(4, 37), (39, 42)]
    assert could_be_gold("U.S. Food and Drug Administration", ["Food and Drug Administration"])
    assert not could_be_gold("OPC UA", ["Lonza", "Jane Doe"])


NAME_WORD = st.from_regex(r"[A-Z][a-z]{2,9}", fullmatch=True)
FILLER = st.lists(st.sampled_from(["the", "plant", "will", "open", "in", "a", "new", "deal", "said", "and"]),
                  min_size=1, max_size=8).map(" ".join)


@given(words=st.lists(NAME_WORD, min_size=1, max_size=4), before=FILLER, after=FILLER)
def test_an_inserted_organisation_is_found_exactly_where_it_was_put(words, before, after):
    name = " ".join(words)
    text = f"{before} {name} {after}."
    spans = gold_spans(text, [name], [], [])
    start = len(before) + 1
    assert CharSpan(start, start + len(name), "ORG") in spans
    assert all(s.label == "ORG" and text[s.start : s.end] == name for s in spans)


@given(given_name=NAME_WORD, surname=NAME_WORD, filler=FILLER)
def test_a_person_is_found_in_full_and_then_by_surname(given_name, surname, filler):
    text = f"{given_name} {surname} joined; {filler} {surname} said."
    spans = gold_spans(text, [], [f"{given_name} {surname}"], [])
    assert spans[0] == CharSpan(0, len(given_name) + 1 + len(surname), "PERSON")
    assert text[spans[-1].start : spans[-1].end] == surname and spans[-1].start > spans[0].end
    assert all(s.label == "PERSON" for s in spans)
