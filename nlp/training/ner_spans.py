"""Entity spans for NER training, derived from item-level gold labels (names, no character offsets).

A labelled item lists its organisations (`companies`, by canonical name), `people` and `locations`, complete
for companies and people (docs/LABELLING.md), but not where in the text they occur. This module finds them:

- an organisation is matched under its canonical name, the knowledge base's aliases of it, and its name without
  a legal form or trade descriptor; a person under the full name and, after it, the bare surname ("Doe said");
  a location's parts ("Visp, Switzerland") as GPE;
- the longest match wins; matches are whole words and case-sensitive;
- `ner_annotation` then merges these with the original model's predictions: gold spans replace overlapping
  predictions, an ORG or PERSON prediction that is none of the gold names becomes a negative ("O") only when it
  shares no word with any gold organisation or person (otherwise it is left unannotated), and every other label
  (DATE, MONEY, NORP, ...) keeps the original model's prediction (pseudo-rehearsal).

Pure functions over strings and (start, end, label) triples; spaCy alignment happens in nlp.training.ner_training.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from nlp.entities.company_names import DESCRIPTORS, LEGAL_FORMS

CORRECTED_LABELS = ("ORG", "PERSON")
MIN_FORM_LENGTH = 2
# Words shared by many names that say nothing about whether two names are the same organisation.
WEAK_WORDS = frozenset(("the", "of", "and", "for", "&", "de", "in", "group", "inc", "inc.", "ltd", "ag", "co",
                        "company", "corp", "international", "global", "pharma", "pharmaceuticals", "bio",
                        "biologics", "therapeutics", "sciences", "life", "health", "healthcare", "services",
                        "solutions", "technologies", "manufacturing", "university", "institute", "national"))


@dataclass(frozen=True, order=True)
class CharSpan:
    start: int
    end: int
    label: str


def organisation_forms(name: str, aliases: Iterable[str] = ()) -> list[str]:
    """The written forms an organisation may take in copy, longest first."""
    forms = {name, *aliases}
    for form in list(forms):
        forms.add(LEGAL_FORMS.sub("", form).strip(" ,."))
        forms.add(DESCRIPTORS.sub("", form))
    return sorted((f for f in forms if len(f) >= MIN_FORM_LENGTH), key=lambda f: (-len(f), f))


def person_forms(name: str) -> tuple[list[str], str | None]:
    """(full forms, surname): "Jane A. Doe" is also written "Jane Doe"; the surname alone refers back."""
    words = name.split()
    forms = {name}
    if len(words) > 2:
        forms.add(f"{words[0]} {words[-1]}")
    surname = words[-1] if len(words) >= 2 and words[-1][:1].isupper() and len(words[-1]) > 2 else None
    return sorted(forms, key=lambda f: (-len(f), f)), surname


def find_all(text: str, form: str) -> list[tuple[int, int]]:
    """Every whole-word, case-sensitive occurrence of `form` in `text`."""
    if not form:
        return []
    pattern = re.compile(r"(?<![\w])" + re.escape(form) + r"(?![\w])")
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def _free(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    return all(end <= s or start >= e for s, e in taken)


def gold_spans(text: str, companies: Iterable[str], people: Iterable[str], locations: Iterable[str],
               aliases_of: Callable[[str], Iterable[str]] = lambda _: ()) -> list[CharSpan]:
    """Non-overlapping gold spans in `text`: longest form first, organisations and people before places."""
    candidates: list[tuple[int, int, str, int]] = []  # (start, end, label, priority)
    for company in companies:
        for form in organisation_forms(company, aliases_of(company)):
            candidates += [(s, e, "ORG", 0) for s, e in find_all(text, form)]
    surnames = []
    for person in people:
        forms, surname = person_forms(person)
        for form in forms:
            candidates += [(s, e, "PERSON", 0) for s, e in find_all(text, form)]
        if surname:
            surnames.append(surname)
    for location in locations:
        for part in (p.strip() for p in location.split(",")):
            if len(part) >= MIN_FORM_LENGTH and part[:1].isupper():
                candidates += [(s, e, "GPE", 1) for s, e in find_all(text, part)]
    # Longest first; on equal length organisations and people before places, then leftmost.
    candidates.sort(key=lambda c: (c[3], -(c[1] - c[0]), c[0]))
    taken: list[tuple[int, int]] = []
    spans: list[CharSpan] = []
    for start, end, label, _ in candidates:
        if _free(taken, start, end):
            taken.append((start, end))
            spans.append(CharSpan(start, end, label))
    # A bare surname refers back to a person named in full earlier ("Doe said"), when nothing else claims it.
    first_full = min((s.start for s in spans if s.label == "PERSON"), default=None)
    for surname in surnames:
        for start, end in find_all(text, surname):
            if first_full is not None and start > first_full and _free(taken, start, end):
                taken.append((start, end))
                spans.append(CharSpan(start, end, "PERSON"))
    return sorted(spans)


def _words(text: str) -> set[str]:
    return {w.casefold() for w in re.findall(r"[\w&.-]+", text)} - WEAK_WORDS


def _acronym(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[:1].isupper())


def could_be_gold(text: str, gold_names: Iterable[str]) -> bool:
    """Whether a predicted span might name one of the gold entities under another form: a shared
    distinctive word, or one is the other's acronym."""
    words = _words(text)
    for name in gold_names:
        short = _acronym(text)
        if words & _words(name) or text == _acronym(name) or len(short) >= 2 and short in name.split() \
                or text.casefold() in name.casefold() or name.casefold() in text.casefold():
            return True
    return False


def ner_annotation(text: str, gold: list[CharSpan], predicted: list[CharSpan],
                   gold_names: Iterable[str]) -> tuple[list[CharSpan], list[tuple[int, int]]]:
    """(entity spans, unannotated character ranges) for one text.

    Gold spans are kept; a prediction overlapping one is dropped. ORG/PERSON predictions that might be a gold
    entity under another form are unannotated (neither entity nor "O"); the rest of them become "O". Predictions
    of other labels are kept as the original model made them.
    """
    names = list(gold_names)
    taken = [(g.start, g.end) for g in gold]
    entities = list(gold)
    missing: list[tuple[int, int]] = []
    for span in predicted:
        if not _free(taken, span.start, span.end):
            continue
        if span.label in CORRECTED_LABELS:
            if could_be_gold(text[span.start : span.end], names):
                missing.append((span.start, span.end))
            continue  # a confident negative: left as "O"
        entities.append(span)
        taken.append((span.start, span.end))
    return sorted(entities), missing
