"""Normalised executive roles on leadership items: who holds, takes or leaves which top job.

A role phrase belongs to the person it stands next to in the sentence ("Jane Doe, chief financial officer",
"Chief Executive Jane Doe", "appointed Jane Doe as CFO"); when several role words describe one person
("President and Chief Executive Officer") the most senior, in ROLE_PATTERNS order, wins. A predecessor
("She succeeds Tom Becker") takes the role of the person who succeeds them when the text gives them none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span

ROLE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (role, re.compile(pattern, re.IGNORECASE))
    for role, pattern in [
        ("CEO", r"\b(?:group |global )?chief executive(?: officer)?\b|\bCEO\b|\bco-CEO\b|\bmanaging director\b(?! of)"),
        ("CFO", r"\bchief financial officer\b|\bCFO\b|\bfinance chief\b|\bfinance director\b"),
        ("COO", r"\bchief operating officer\b|\bCOO\b|\bchief operations officer\b"),
        ("CSO", r"\bchief scien(?:tific|ce) officer\b|\bCSO\b"),
        ("CTO", r"\bchief technology officer\b|\bchief technical officer\b|\bCTO\b"),
        ("CCO", r"\bchief commercial officer\b|\bCCO\b|\bchief business officer\b"),
        ("CIO", r"\bchief information officer\b|\bCIO\b"),
        ("CDO", r"\bchief digital(?: and [a-z]+)?(?: officer)?\b|\bchief data officer\b|\bCDO\b|\bdigital chief\b"),
        ("General Counsel", r"\bgeneral counsel\b|\bchief legal officer\b"),
        ("President", r"(?<!vice )(?<!vice-)\bpresident\b"),
        ("Chair", r"(?<!vice )(?<!vice-)(?<!deputy )\bchair(?:man|woman|person)?\b(?! of the (?:audit|nominating|compensation|remuneration))"),
        ("Site head", r"\bsite (?:head|leader|director|manager|lead)\b|\bhead of (?:the |its |our )?[\w ]{0,30}\b(?:site|plant|campus|facility)\b|"
                      r"\b(?:site|plant|facility|campus) head\b|\bplant manager\b|\bgeneral manager of (?:its|the|our) [\w, ]{0,40}(?:site|plant|facility|campus)\b|"
                      r"\bhead of [\w ]{0,20}operations\b|\bgeneral manager\b"),
        ("Board member", r"\bboard of directors\b|\bboard member\b|\bnon-executive director\b|\bindependent director\b|"
                         r"\bto (?:its|the|our) board\b|\bmember of the [\w ]{0,30}board\b|\bsupervisory board\b|\bon the board\b"),
        ("Other", r"\b(?:executive |senior )?vice president\b|\bEVP\b|\bSVP\b|\bhead of\b|\bchief [a-z]+(?: [a-z]+)? officer\b|"
                  r"\bglobal head\b|\bmanaging directors?\b|\bdirector\b"),
    ]
]
PRIORITY = {role: rank for rank, (role, _) in enumerate(ROLE_PATTERNS)}
SAME_PHRASE = 30  # role words this close to the nearest one describe the same person ("President and CEO")
SUCCESSION = re.compile(r"\b(?:succeed(?:s|ing)?|replac(?:es|ing)|tak(?:es|ing) over from)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class RoleMention:
    role: str
    start: int
    end: int


def role_mentions(text: str) -> list[RoleMention]:
    found = []
    for role, pattern in ROLE_PATTERNS:
        for match in pattern.finditer(text):
            if not any(m.start <= match.start() < m.end for m in found):
                found.append(RoleMention(role, match.start(), match.end()))
    return found


def _full_name(short: str, people: list[str]) -> str | None:
    short = re.sub(r"^(?:dr\.?|prof\.?|mr\.?|ms\.?)\s+", "", short.replace("\u2019s", "").replace("'s", ""),
                   flags=re.IGNORECASE).strip()
    return next((p for p in people if p == short or p.endswith(" " + short) or short.endswith(" " + p)), None)


HEADLINE_ROLE_GAP = 12  # "Names Jane Doe Chief Executive", "appoints Jane Doe as CEO", "CFO Jane Doe to leave"


def _headline_roles(headline: str, mentions: list[RoleMention], found: dict[str, dict]) -> None:
    """The headline says what the move is: a person it names with a role next to the name takes that role
    ("Names COO Tobias Renner Next Chief Executive" → CEO), whatever earlier role the copy mentions first."""
    if not mentions:
        return
    for person, entry in found.items():
        surname = person.split()[-1]
        at = headline.find(surname)
        if at < 0:
            continue
        end = at + len(surname)
        after = [m for m in mentions if 0 <= m.start - end <= HEADLINE_ROLE_GAP
                 and re.fullmatch(r"[\s,]*(?:as|next|to be|new)?[\s,]*(?:the )?(?:new )?", headline[end:m.start],
                                  re.IGNORECASE)]
        before = [m for m in mentions if 0 <= at - m.end <= HEADLINE_ROLE_GAP
                  and re.fullmatch(r"[\s,]*(?:\w+)?[\s,]*", headline[m.end:at])]
        chosen = after or before
        if chosen:
            entry["role"] = chosen[0].role


def _role_for(sentence: Span, person: Span, persons: list[Span], mentions: list[RoleMention]) -> str | None:
    """The role phrase in this person's stretch of the sentence (between the neighbouring persons)."""
    base = sentence.start_char
    index = persons.index(person)
    lo = persons[index - 1].end_char - base if index else 0
    hi = persons[index + 1].start_char - base if index + 1 < len(persons) else len(sentence.text)
    p_start, p_end = person.start_char - base, person.end_char - base
    candidates = []
    for m in mentions:
        if m.start < lo or m.end > hi:
            continue
        distance = p_start - m.end if m.end <= p_start else m.start - p_end if m.start >= p_end else 0
        candidates.append((max(distance, 0), m))
    if not candidates:
        return None
    nearest = min(d for d, _ in candidates)
    close = [m for d, m in candidates if d <= nearest + SAME_PHRASE]
    return min(close, key=lambda m: PRIORITY[m.role]).role


def roles_in(docs: list[Doc], people: list[str], default_company: str | None) -> list[dict]:
    """One role per person named with a role; the company is the nearest organisation of the sentence."""
    found: dict[str, dict] = {}
    successions: list[tuple[str, str]] = []
    for doc in docs:
        # Span.ents and Doc.text rebuild from every token on each call: read the entities once per doc.
        entities = list(doc.ents)
        for sentence in doc.sents:
            inside = [e for e in entities if sentence.start <= e.start < sentence.end]
            persons = [e for e in inside if e.label_ == "PERSON"]
            if not persons:
                continue
            sentence_text = sentence.text
            mentions = role_mentions(sentence_text)
            orgs = [e for e in inside if e.label_ == "ORG" and e._.company]
            for person in persons:
                full = _full_name(person.text, people)
                if not full:
                    continue
                before = sentence_text[: person.start_char - sentence.start_char]
                if SUCCESSION.search(before):
                    successor = next((f for p in persons if p.start < person.start
                                      and (f := _full_name(p.text, people))), None)
                    successions.append((successor or "", full))
                if full in found:
                    continue
                role = _role_for(sentence, person, persons, mentions) if mentions else None
                if role is None:
                    continue
                company = min(orgs, key=lambda o: abs(o.start - person.start))._.company if orgs else default_company
                found[full] = {"person": full, "role": role, "company": company}
    # "Moderna appoints chief technical officer" + a lead naming the appointee with no role of their own.
    title_roles = role_mentions(docs[0].text) if docs else []
    title_persons = [e for e in docs[0].ents if e.label_ == "PERSON"] if docs else []
    if title_roles and not title_persons:
        role = min(title_roles, key=lambda m: PRIORITY[m.role]).role
        appointee = next((p for p in people if p not in found), None)
        if appointee and not found:
            found[appointee] = {"person": appointee, "role": role, "company": default_company}
    if docs:
        _headline_roles(docs[0].text, title_roles, found)
    first = next(iter(found), None)
    for successor, predecessor in successions:
        successor = successor if successor in found else first  # "He succeeds X": the item's appointee
        if successor not in found or successor == predecessor:
            continue
        if predecessor not in found:
            found[predecessor] = {**found[successor], "person": predecessor}
        found[predecessor]["predecessor_of"] = successor  # read by the event frames, not part of `roles`
    return list(found.values())
