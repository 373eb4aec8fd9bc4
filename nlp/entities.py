"""Companies, people and places from spaCy docs."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span

from nlp.company_names import CompanyIndex

ENTITY_LABELS = {"ORG", "PERSON", "GPE", "LOC", "FAC", "MONEY"}
PUBLISHERS = {"biopress wire", "pharmamakers weekly", "prnewswire", "pr newswire", "business wire", "globenewswire",
              "reuters", "bloomberg", "nasdaq", "nyse", "six swiss exchange"}


@dataclass(frozen=True)
class EntityMention:
    text: str
    label: str
    start: int
    end: int
    canonical: str

    def as_dict(self) -> dict:
        return {"text": self.text, "label": self.label, "start": self.start, "end": self.end,
                "canonical": self.canonical}


def _clean_person(span: Span) -> str:
    return " ".join(span.text.replace("\u2019s", "").replace("'s", "").split())


def entity_mentions(doc: Doc, index: CompanyIndex) -> list[EntityMention]:
    mentions = []
    for ent in doc.ents:
        if ent.label_ not in ENTITY_LABELS:
            continue
        if ent.label_ == "ORG":
            canonical = index.canonical(ent.text)
        elif ent.label_ == "PERSON":
            canonical = _clean_person(ent)
        else:
            canonical = ent.text
        mentions.append(EntityMention(ent.text, ent.label_, ent.start_char, ent.end_char, canonical))
    return mentions


def companies_in(mentions: list[EntityMention]) -> list[str]:
    """Organisation names in order of first mention, publishers and exchanges left out."""
    seen: dict[str, None] = {}
    for m in mentions:
        if m.label == "ORG" and m.canonical.casefold() not in PUBLISHERS and len(m.canonical) > 1:
            seen.setdefault(m.canonical)
    return list(seen)


def people_in(mentions: list[EntityMention]) -> list[str]:
    """Full names in order; a later bare surname ("Doe said") is the same person, not a new one."""
    names: list[str] = []
    for m in mentions:
        if m.label != "PERSON":
            continue
        name = m.canonical
        if len(name.split()) < 2:
            continue
        if not any(name == n or name.split()[-1] == n.split()[-1] and name in n for n in names):
            names.append(name)
    return names


def locations_in(doc: Doc) -> list[str]:
    """Places as written: adjacent place names joined by a comma ("Visp, Switzerland") stay one location."""
    places: list[str] = []
    ents = [e for e in doc.ents if e.label_ in {"GPE", "LOC", "FAC"}]
    i = 0
    while i < len(ents):
        start, end = ents[i].start_char, ents[i].end_char
        while i + 1 < len(ents) and doc.text[end : ents[i + 1].start_char] in (", ", ","):
            i += 1
            end = ents[i].end_char
        text = doc.text[start:end]
        if text not in places:
            places.append(text)
        i += 1
    return places


def subject_company(title_companies: list[str], body_companies: list[str], body_mentions: list[EntityMention]) -> str | None:
    """The company the item is about: first company of the headline, else the most mentioned in the body."""
    if title_companies:
        return title_companies[0]
    if not body_companies:
        return None
    counts = {c: 0 for c in body_companies}
    for m in body_mentions:
        if m.label == "ORG" and m.canonical in counts:
            counts[m.canonical] += 1
    return max(body_companies, key=lambda c: (counts[c], -body_companies.index(c)))
