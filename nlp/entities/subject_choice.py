"""Which organisation an item is about when its headline names several (docs/LABELLING.md, `subject`).

The headline's first organisation was the subject, which read regulators ("FDA approves … at Kite's plant"),
investors ("EQT launches bid for Recipharm"), owners ("Bayer's CDMO Viralgen"), customers ("Moderna adds Rovi")
and a person's former employer ("Rentschler's Frank Mathias named OXB chief") as the news. Each headline
organisation is now weighed by what the knowledge base says it is and by the words around it, the first one
winning ties; then a group named for its manufacturing unit ("Fujifilm" for Fujifilm Diosynth, "AGC" for AGC
Biologics) gives way to that unit when the item names it.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from nlp.entities.article_entities import TITLE_BACKGROUND, subject_company
from nlp.entities.company_names import CompanyIndex

# Organisations that act on the news rather than make it: they approve, fund, legislate, survey or own.
BYSTANDER_TYPES = {"regulator": 3, "government": 3, "exchange": 3, "academic": 2, "investor": 2}
# The organisation that buys, bids, invests, spins out or forms something in the headline's main clause: an
# acquirer that is not an investor is the news ("Ajinomoto to buy gene therapy CDMO Forge Biologics").
ACQUIRES = re.compile(r"^[^,;:]{0,25}?\b(?:to\s+)?(?:buys?|acquires?|acquisition|agrees|bids?|takes?|invests?|pays?|"
                      r"signs|purchase|takeover|enters|spins?|splits?|earmarks?|creates|forms?|celebrates)\b",
                      re.IGNORECASE)
POSSESSIVE = re.compile(r"^['’]s?\s", re.IGNORECASE)
SELLS_SITE = re.compile(r"^[^,;]{0,20}\b(?:sells|sold|divests?|offloads|hands over)\b[^,;]{0,40}"
                        r"\b(?:plants?|sites?|facilit(?:y|ies)|campus|factory|building)\b[^,;]*\bto\b", re.IGNORECASE)


def _descendants(index: CompanyIndex, name: str) -> set[str]:
    children: dict[str, list[str]] = {}
    for company in index.companies.values():
        if company.parent:
            children.setdefault(company.parent, []).append(company.name)
    found: set[str] = set()
    todo = [name]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _weight(ent: Span, title: str, ents: list[Span], index: CompanyIndex | None) -> int:
    """Lower is more likely the subject."""
    weight = 0
    before, after = title[: ent.start_char], title[ent.end_char :]
    company = index.companies.get(ent._.company) if index else None
    if company and company.type in BYSTANDER_TYPES:
        weight += BYSTANDER_TYPES[company.type]
    if TITLE_BACKGROUND.search(before) or re.search(r"\b(?:former|ex-|from|leaves)\s*$", before, re.IGNORECASE):
        weight += 3  # "Former Lonza CEO Marc Funk joins Chime Biologics"
    if POSSESSIVE.match(after) and any(e.label_ == "PERSON" and 0 <= e.start - ent.end <= 2 for e in ents):
        weight += 3  # "Rentschler's Frank Mathias named Oxford Biomedica chief": the person's employer
    following = [e for e in ents if e.label_ == "ORG" and 0 < e.start - ent.end <= 3
                 and not (company and company.is_cdmo)]
    if POSSESSIVE.match(after) and following:
        weight += 2  # "Bayer's CDMO Viralgen": the owner of the unit the news is about
    if SELLS_SITE.search(after):
        weight += 2  # "Novartis sells two plants to Siegfried": a plant sale is the buyer's news
    if company and company.is_cdmo:
        weight -= 1
    if _acquires(ent, title, index):
        weight -= 2
    return weight


def _acquires(ent: Span, title: str, index: CompanyIndex | None) -> bool:
    company = index.companies.get(ent._.company) if index else None
    return bool(ACQUIRES.match(title[ent.end_char :])) and not (company and company.type in BYSTANDER_TYPES)


def _unit_of(subject: str, companies: list[str], index: CompanyIndex | None) -> str:
    """The manufacturing unit of a group the headline names ("Fujifilm" → Fujifilm Diosynth), when the item
    names it too: a descendant in the knowledge base, or an unknown name that another company's extends."""
    if index is None:
        return subject
    company = index.companies.get(subject)
    if company is None:
        longer = [c for c in companies if c != subject and c.startswith(subject + " ")]
        return longer[0] if len(longer) == 1 else subject
    if company.is_cdmo:
        return subject
    units = [c for c in companies if c in _descendants(index, subject)
             and (unit := index.companies.get(c)) is not None and unit.is_cdmo]
    return units[0] if units else subject


def subject_of(title_doc: Doc, body_doc: Doc, companies: list[str], index: CompanyIndex | None = None) -> str | None:
    """The company the item is about, among its party `companies`."""
    if not companies:
        return None
    ents = list(title_doc.ents)
    title_orgs = [e for e in ents if e.label_ == "ORG" and e._.company in companies]
    if title_orgs:
        title = title_doc.text
        ranked = sorted(enumerate(title_orgs), key=lambda pair: (_weight(pair[1], title, ents, index), pair[0]))
        chosen = ranked[0][1]._.company
        if _acquires(ranked[0][1], title, index):
            return chosen  # the acquirer itself, not its manufacturing unit
    else:
        chosen = subject_company(title_doc, body_doc, companies)
    return _unit_of(chosen, companies, index) if chosen else chosen
