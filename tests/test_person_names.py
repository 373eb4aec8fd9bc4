"""One person named several ways is one person; words swept into a name are dropped; two people stay two."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from nlp.entities.article_entities import EntityMention, people_in
from nlp.entities.person_names import SHORT_FORMS, clean_name, is_place_name, same_person

GIVEN = st.sampled_from(["Anna", "Roger", "Mei", "Olivier", "Priya", "Kwame", "Lars", "Ingrid", "Tomás", "Yuki"])
SURNAME = st.sampled_from(["Lias", "Okafor", "Sölkner", "De Vré", "Lindqvist", "Mazumdar-Shaw", "Park", "Novak"])
INITIAL = st.sampled_from("ABCDEGJKMR")


def _person(name: str) -> EntityMention:
    return EntityMention(name, "PERSON", 0, len(name), name)


@given(GIVEN, SURNAME, INITIAL)
def test_a_middle_initial_does_not_make_a_second_person(first, last, initial):
    assert same_person(f"{first} {last}", f"{first} {initial}. {last}")
    assert same_person(f"{first} {initial}. {last}", f"{first} {last}")


@given(st.sampled_from(sorted(SHORT_FORMS)), SURNAME)
def test_a_short_form_or_a_quoted_nickname_is_the_same_person(full, last):
    short = SHORT_FORMS[full][0].title()
    assert same_person(f"{short} {last}", f"{full.title()} {last}")
    assert same_person(f'{full.title()} B. "{short}" {last}', f"{short} {last}")
    assert same_person(f"Zhenyu ({short}) {last}", f"{short} {last}")


@given(GIVEN, GIVEN, SURNAME, SURNAME)
def test_different_given_names_or_surnames_are_different_people(first_a, first_b, last_a, last_b):
    assert same_person(f"{first_a} {last_a}", f"{first_b} {last_b}") == (first_a == first_b and last_a == last_b)


@given(GIVEN, SURNAME, GIVEN, GIVEN)
def test_family_members_with_different_middle_names_stay_apart(first, last, middle_a, middle_b):
    same = same_person(f"{first} {middle_a} {last}", f"{first} {middle_b} {last}")
    assert same == (middle_a == middle_b)


@given(GIVEN, SURNAME, GIVEN, SURNAME)
def test_same_person_is_symmetric(first_a, last_a, first_b, last_b):
    a, b = f"{first_a} {last_a}", f"{first_b} J. {last_b}"
    assert same_person(a, b) == same_person(b, a)


@given(st.sampled_from(["Between", "Spokeswoman", "Dutchman", "Also", "Analyst"]), GIVEN, SURNAME)
def test_clean_name_drops_what_opens_a_span_but_is_no_name(opener, first, last):
    assert clean_name(f"{opener} {first} {last}") == f"{first} {last}"
    assert clean_name(f"{first} {last}") == f"{first} {last}"  # a real name is left alone
    assert clean_name(clean_name(f"{opener} {first} {last} said")) == f"{first} {last}"


def test_a_surname_that_is_also_a_word_is_kept():
    assert clean_name("Kevin French") == "Kevin French"
    assert not is_place_name("Kimball Hall")
    assert is_place_name("Alexander Boulevard") and is_place_name("Maurice R. Hilleman Center")


def test_people_are_named_once_by_their_fullest_form():
    mentions = [_person("Roger Lias"), _person("Richard B. \"Rick\" Hancock"), _person("Roger J. Lias"),
                _person("Rick Hancock"), _person("Alexander Boulevard"),
                _person("Davuluri Saharsh Rao"), _person("Davuluri Rama Mohan Rao")]
    assert people_in(mentions, [], "") == ["Roger J. Lias", 'Richard B. "Rick" Hancock',
                                          "Davuluri Saharsh Rao", "Davuluri Rama Mohan Rao"]
