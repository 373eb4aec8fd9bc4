"""Role assignment on hand-built docs (sentences from spaCy's rule-based sentencizer, entities set by hand)."""

from __future__ import annotations

import spacy

import nlp.components.company_linker  # noqa: F401  (the Span._.company extension)
from nlp.roles import role_mentions, roles_in


def _doc(text, persons=(), orgs=()):
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    doc = nlp(text)
    ents = []
    for label, names in (("PERSON", persons), ("ORG", orgs)):
        for name in names:
            start = text.index(name)
            span = doc.char_span(start, start + len(name), label=label)
            if label == "ORG":
                span._.company = name
            ents.append(span)
    doc.ents = sorted(ents, key=lambda s: s.start)
    for ent in doc.ents:
        if ent.label_ == "ORG":
            ent._.company = ent.text
    return doc


def test_nearest_role_phrase_and_seniority():
    doc = _doc("Kestrel Labs appointed Jane Doe as President and Chief Executive Officer. "
               "Tom Roe, chair of the board, welcomed her.", ["Jane Doe", "Tom Roe"], ["Kestrel Labs"])
    roles = roles_in([_doc("Kestrel names CEO"), doc], ["Jane Doe", "Tom Roe"], "Kestrel Labs")
    assert [(r["person"], r["role"], r["company"]) for r in roles] == [
        ("Jane Doe", "CEO", "Kestrel Labs"), ("Tom Roe", "Chair", "Kestrel Labs")]


def test_predecessor_takes_the_role_and_is_marked():
    doc = _doc("Kestrel Labs named Ana Lee chief financial officer. She succeeds Bo Kim, who retires.",
               ["Ana Lee", "Bo Kim"], ["Kestrel Labs"])
    roles = roles_in([_doc("Kestrel names CFO"), doc], ["Ana Lee", "Bo Kim"], "Kestrel Labs")
    assert {(r["person"], r["role"]) for r in roles} == {("Ana Lee", "CFO"), ("Bo Kim", "CFO")}
    assert next(r for r in roles if r["person"] == "Bo Kim")["predecessor_of"] == "Ana Lee"


def test_role_from_the_headline_when_the_lead_gives_none():
    title = _doc("Kestrel Labs appoints chief quality officer")
    doc = _doc("Ola Ade joins from a big-pharma quality role.", ["Ola Ade"])
    assert roles_in([title, doc], ["Ola Ade"], "Kestrel Labs") == [
        {"person": "Ola Ade", "role": "Other", "company": "Kestrel Labs"}]


def test_vice_president_is_not_president():
    assert [m.role for m in role_mentions("executive vice president of operations")] == ["Other"]
    assert [m.role for m in role_mentions("the site head of Visp")] == ["Site head"]


def test_the_headline_role_next_to_the_name_is_the_new_one():
    title = _doc("Alderbrook Names COO Tobias Renner Next Chief Executive", ["Tobias Renner"])
    doc = _doc("Tobias Renner, chief operating officer since 2021, takes over in May.", ["Tobias Renner"])
    assert [r["role"] for r in roles_in([title, doc], ["Tobias Renner"], "Alderbrook")] == ["CEO"]
    title = _doc("Lonza CFO Philippe Deecke to leave", ["Philippe Deecke"])
    doc = _doc("Philippe Deecke, who also chairs the audit group, will go next year.", ["Philippe Deecke"])
    assert [r["role"] for r in roles_in([title, doc], ["Philippe Deecke"], "Lonza")] == ["CFO"]
