"""Article-level entities from the read pass: mentions, the companies that are parties, people, places.

A company is a party to the news when the headline or the lead names it, or the story keeps returning to it;
a passing mention (a former employer, an analyst's firm, a customer named once deep in the copy) is not.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from nlp.entities.person_names import clean_name, is_place_name, same_person

ENTITY_LABELS = {"ORG", "PERSON", "GPE", "LOC", "FAC", "MONEY"}
LEAD_SENTENCES = 2
# Context before an organisation that makes it background rather than a party.
BACKGROUND_BEFORE = re.compile(
    r"(?:\bjoin(?:s|ed|ing)? (?:us |the company )?from|\bfrom (?:rival |fellow )?$|\bformerly (?:of|at|with)?|"
    r"\bpreviously (?:at|with|served at|worked at|held [\w ,-]+ at)|\bformer\b|\bprior to (?:joining )?|"
    r"\banalysts? (?:at|from)|\bcareer at|\bspent [\w ]+ at|\byears at|\bdecades? at|\broles? at|\bposts? at|"
    r"\bpositions? at|\bexperience at|\bled [\w ]+ at|\bran [\w ]+ at|\bworked (?:at|for)|\balumn\w+ of|"
    r"\b(?:a )?(?:subsidiary|unit|part|member|division|arm|business|affiliate) of(?: the)?|\bowned by|"
    r"\bparent(?: company)?,?|\bspun (?:out|off) (?:of|from)|\bacquired by|\bbought by)"
    r"[\w ,.-]{0,40}$",
    re.IGNORECASE,
)
# In a headline only a former employer is background: "Siegfried buys sites from Novartis" names a party.
TITLE_BACKGROUND = re.compile(
    r"(?:\bformer\b|\bex-|\b(?:officer|executive|chief|head|director|CEO|CFO|COO|CSO|CTO|CCO|CIO|CDO|veteran|"
    r"president|chair)\s+from\s+)[\w ,.&-]{0,40}$", re.IGNORECASE)
QUOTE_CHARS = "\"“”"


@dataclass(frozen=True)
class EntityMention:
    text: str
    label: str
    start: int
    end: int
    canonical: str
    known: bool = True

    def as_dict(self) -> dict:
        return {"text": self.text, "label": self.label, "start": self.start, "end": self.end,
                "canonical": self.canonical}


TITLE_WORDS = re.compile(
    r"^(?:(?:dr|prof|mr|ms|mrs|sir|dame)\.?|CEO|CFO|COO|CSO|CTO|CCO|CIO|CDO|chair(?:man|woman)?|president|"
    r"chief executive(?: officer)?|honorary|interim)\s+|\s+(?:chief [a-z]+(?: [a-z]+)? officer|CEO|CFO|COO|CSO|"
    r"CTO|CCO|CIO|CDO|president)$",
    re.IGNORECASE,
)


def clean_person(text: str) -> str:
    """A person's name without possessive, honorific or a role word the NER swept in ("CFO Anne Stoller")."""
    text = re.sub(r"['\u2019]s$", "", text.strip())
    previous = None
    while previous != text:
        previous = text
        text = clean_name(TITLE_WORDS.sub("", text).strip())
    return " ".join(text.split())


def _canonical(ent: Span) -> tuple[str, bool]:
    if ent.label_ == "ORG":
        return ent._.company or ent.text, bool(ent._.known)
    if ent.label_ == "PERSON":
        return clean_person(ent.text), True
    return ent.text, True


def entity_mentions(doc: Doc) -> list[EntityMention]:
    """Every entity of the read pass with its canonical form (character offsets into the doc's text)."""
    mentions = []
    for ent in doc.ents:
        if ent.label_ not in ENTITY_LABELS:
            continue
        canonical, known = _canonical(ent)
        mentions.append(EntityMention(ent.text, ent.label_, ent.start_char, ent.end_char, canonical, known))
    return mentions


def _sentence_start(starts: list[int], char: int) -> int:
    return starts[bisect_right(starts, char) - 1] if starts else 0


def _in_quote(text: str, ent: Span, starts: list[int]) -> bool:
    before = text[_sentence_start(starts, ent.start_char) : ent.start_char]
    return sum(before.count(q) for q in QUOTE_CHARS) % 2 == 1


def _is_background(text: str, ent: Span, starts: list[int]) -> bool:
    before = text[max(_sentence_start(starts, ent.start_char), ent.start_char - 80) : ent.start_char]
    return bool(BACKGROUND_BEFORE.search(before))


def party_companies(title_doc: Doc, body_doc: Doc, people: list[str]) -> list[str]:
    """Organisations that are parties to the news, by canonical name, in order of first mention."""
    person_words = {w for p in people for w in p.split()}
    sentences = list(body_doc.sents)
    starts = [s.start_char for s in sentences]
    text = body_doc.text  # Doc.text joins every token on each call
    lead_end = sentences[min(LEAD_SENTENCES, len(sentences)) - 1].end_char if sentences else 0
    counts: Counter[str] = Counter()
    order: dict[str, None] = {}
    lead: set[str] = set()
    body_orgs = {e._.company for e in body_doc.ents if e.label_ == "ORG"}
    title = title_doc.text
    for ent in title_doc.ents:
        # Title Case headlines fool the NER ("Scale ADC Payload Manufacturing"): a headline organisation counts
        # when the knowledge base knows it or the body names it too; "hires a former Merck executive" does not.
        if (ent.label_ == "ORG" and ent._.company and ent._.company not in person_words
                and (ent._.known or ent._.company in body_orgs or ent._.company in text)
                and not TITLE_BACKGROUND.search(title[: ent.start_char])):
            order.setdefault(ent._.company)
            lead.add(ent._.company)
    for ent in body_doc.ents:
        if ent.label_ != "ORG" or not ent._.company or ent._.company in person_words:
            continue
        if _is_background(text, ent, starts):
            continue
        name = ent._.company
        if not _in_quote(text, ent, starts):
            counts[name] += 1
        if ent.start_char < lead_end:
            lead.add(name)
        order.setdefault(name)
    return [name for name in order if name in lead or counts[name] >= 2]


def mentioned_companies(title_doc: Doc, body_doc: Doc, people: list[str], parties: list[str]) -> list[str]:
    """Organisations the item names that are not parties to the news (a regulator, a parent named in passing,
    a person's former employer), by canonical name, in order of first mention."""
    person_words = {w for p in people for w in p.split()}
    found: dict[str, None] = {}
    for doc in (title_doc, body_doc):
        for ent in doc.ents:
            name = ent._.company if ent.label_ == "ORG" else None
            if not name or name in person_words or name in parties:
                continue
            if doc is title_doc and not ent._.known:
                continue  # Title Case headlines fool the NER; an unknown headline "organisation" is not trusted
            found.setdefault(name)
    return list(found)


def company_roles(subject: str | None, parties: list[str], mentioned: list[str]) -> dict[str, str]:
    """subject | counterparty | mentioned for every organisation of the item."""
    roles = {name: "counterparty" for name in parties}
    roles.update({name: "mentioned" for name in mentioned if name not in roles})
    if subject:
        roles[subject] = "subject"
    return roles


def is_title_case(headline: str) -> bool:
    """"Lonza Names New Chief Financial Officer" (most longer words capitalised) rather than a sentence-case
    headline ("Lonza CFO Philippe Deecke to leave"), where a capital letter still marks a name."""
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", headline)[1:] if len(w) > 3]
    return bool(words) and sum(w[:1].isupper() for w in words) >= 0.7 * len(words)


def people_in(mentions: list[EntityMention], title_mentions: list[EntityMention] | None = None,
              body_text: str = "", headline: str | None = None) -> list[str]:
    """Full names in order; a later bare surname ("Doe said") or a shorter or longer form of a name ("Bob Kramer",
    "Robert G. Kramer": nlp.entities.person_names.same_person) is the same person, named by its fullest form.

    A name seen only in a Title Case headline ("Leadership Succession") counts when the body names the same
    person too (the surname is in the body): headline casing fools the NER, and a real person in a headline is
    named again below. In a sentence-case `headline` the NER's names are trusted as they are.
    """
    body_words = {w for m in mentions if m.label == "PERSON" for w in m.canonical.split()}
    body_words |= set(re.findall(r"\b[A-Z][\w'’-]+", body_text))
    names: list[str] = []
    trusted = headline is not None and not is_title_case(headline)
    headline_people = [t for t in title_mentions or [] if t.label == "PERSON" and t.canonical
                       and (trusted and not any(len(w) > 2 and w.isupper() for w in t.canonical.split())
                            or t.canonical.split()[-1] in body_words)]
    for m in [*headline_people, *mentions]:
        if m.label != "PERSON":
            continue
        name = m.canonical
        if len(name.split()) < 2 or not name[:1].isupper() or is_place_name(name):
            continue
        known = next((k for k, n in enumerate(names) if same_person(name, n)), None)
        if known is None:
            names.append(name)
        elif len(name.split()) > len(names[known].split()):
            names[known] = name  # the fuller form ('Roger J. Lias' after a headline's 'Roger Lias') names them
    return names


def subject_company(title_doc: Doc, body_doc: Doc, companies: list[str]) -> str | None:
    """The company the item is about: the headline's grammatical subject or first company, else the lead's."""
    if not companies:
        return None
    title_orgs = [e for e in title_doc.ents if e.label_ == "ORG" and e._.company in companies]
    if title_orgs:
        return title_orgs[0]._.company
    counts = Counter(e._.company for e in body_doc.ents if e.label_ == "ORG" and e._.company in companies)
    first = next((e._.company for e in body_doc.ents if e.label_ == "ORG" and e._.company in companies), None)
    best = max(companies, key=lambda c: (counts[c], c == first))
    return first if first and counts[first] >= counts[best] - 1 else best


def places_in(doc: Doc) -> list[Span]:
    """Place mentions of the read pass (normalised in `span._.place`), first mention of each."""
    seen: dict[str, Span] = {}
    for span in doc.spans.get("places", []):
        seen.setdefault(span.text, span)
    return list(seen.values())
