"""Article-level people: which headline names count."""

from __future__ import annotations

from nlp.entities.article_entities import EntityMention, is_title_case, people_in


def _person(name: str) -> EntityMention:
    return EntityMention(name, "PERSON", 0, len(name), name)


def test_title_case_is_told_from_sentence_case():
    assert is_title_case("Alderbrook Biologics Names Daniel Okafor Chief Technology Officer")
    assert not is_title_case("Vetter managing director Peter Sölkner to retire")


def test_a_sentence_case_headline_name_counts_even_when_the_body_does_not_repeat_it():
    body = "The long-serving head of the German fill-finish CDMO will step down at the end of the year."
    headline = [_person("Peter Sölkner")]
    assert people_in([], headline, body, "Vetter managing director Peter Sölkner to retire") == ["Peter Sölkner"]
    # The same name in a Title Case headline needs the body to name the person too.
    assert people_in([], headline, body, "Vetter Managing Director Peter Sölkner To Retire") == []
    assert people_in([], [_person("Muttenz HPAPI")], body, "CordenPharma grows Muttenz HPAPI space") == []
