"""Leadership moves of an item as (person, role, organisation, action) relations.

Candidate triples come from a sentence window (nlp.events.role_candidates); the relation model (nlp.events.role_model)
scores each, and a triple is kept when its best-scored mention passes the model's threshold (chosen on dev).
A person may hold several relations ("leaves Rentschler as CEO to become Oxford Biomedica's CEO"). The action
is read from the words around the person's mentions: interim or acting, board seats and chairs, departures
(steps down, retires, leaves, succeeded) and otherwise an appointment. A predecessor ("She succeeds Tom Becker")
is marked `predecessor_of` its successor for the event frames.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from nlp.events.role_candidates import ALIASES, Triple, Unit, named_by_role, triples, units_of
from nlp.events.role_model import RoleModel, role_model
from nlp.events.role_titles import PRIORITY, ROLE_PATTERNS, RoleMention, role_mentions

__all__ = ["PRIORITY", "ROLE_PATTERNS", "RoleMention", "role_mentions", "roles_in", "action_of"]

SUCCESSION = re.compile(r"\b(?:succeed(?:s|ing)?|replac(?:es|ing)|tak(?:es|ing) over from)\s*$", re.IGNORECASE)
SUCCEEDED_BY = re.compile(r"^\W*(?:,\s*)?(?:who|will be)?\s*(?:is |was )?(?:succeeded|replaced) by\b", re.IGNORECASE)
INTERIM = re.compile(r"\b(?:interim|acting)\b|\bon an interim basis\b|\btemporar", re.IGNORECASE)
DEPART = re.compile(r"\bstep(?:s|ped|ping)? (?:down|aside|back)\b|\bretir\w*|\bleav(?:e|es|ing)\b|\bleft\b|\bdepart\w*"
                    r"|\bexit\w*|\bresign\w*|\boutgoing\b|\bformer\b|\bquit\w*|\bousted\b|\bhands? over\b"
                    r"|\bwill go\b|\bends? (?:his|her) (?:term|tenure)\b", re.IGNORECASE)
NEAR = 60  # characters either side of a person's mention read for their action


def _clause(unit: Unit, k: int) -> str:
    """The words around a unit's k-th person mention, stopping at the neighbouring persons' names."""
    _, start, end = unit.persons[k]
    lo = max([max(0, start - NEAR)] + [e for n, _, e in unit.persons[:k] if e <= start])
    hi = min([end + NEAR] + [s for n, s, _ in unit.persons[k + 1:] if s >= end])
    return unit.text[lo:hi]


def action_of(units: list[Unit], person: str, role: str, predecessors: set[str]) -> str:
    """appointed | departing | interim | board, from the words around the person's mentions."""
    if person in predecessors:
        return "departing"
    text = " ".join(_clause(unit, k) for unit in units for k, p in enumerate(unit.persons) if p[0] == person)
    if role in ("Board member", "Chair"):
        return "board"
    if INTERIM.search(text):
        return "interim"
    if DEPART.search(text):
        return "departing"
    return "appointed"


def _predecessors(units: list[Unit]) -> list[tuple[str, str]]:
    """(successor, predecessor) pairs: "X succeeds Y", "Y … succeeded by X"."""
    pairs = []
    for unit in units:
        for k, (name, start, end) in enumerate(unit.persons):
            earlier = [p for p in unit.persons[:k] if p[0] != name]
            later = [p for p in unit.persons[k + 1:] if p[0] != name]
            if SUCCESSION.search(unit.text[:start]):
                pairs.append((earlier[-1][0] if earlier else "", name))
            if later and SUCCEEDED_BY.search(unit.text[end:later[0][1]]):
                pairs.append((later[0][0], name))
    return pairs


def select(scored: list[tuple[float, Triple]], threshold: float, second: float) -> list[tuple[float, Triple]]:
    """Per person, the best-scored triple when it clears `threshold`, and further ones only when they clear the
    higher `second` bar: most moves give a person one role, a few two ("leaves Rentschler as CEO to run OXB")."""
    kept: list[tuple[float, Triple]] = []
    best: dict[str, float] = {}
    readings: set[tuple[str, str]] = set()  # (person, company) already given "president" read one way
    for p, t in sorted(scored, key=lambda pt: (-pt[0], pt[1].person, pt[1].role, pt[1].company)):
        if p < threshold or (t.person in best and p < second):
            continue
        # "president" read as President and (only) as CEO are one phrase: keep the better reading.
        alias_only = t.role in ALIASES.values() and t.features.get("min:alias", 0.0) == 1.0
        if alias_only or t.role in ALIASES:
            if (t.person, t.company) in readings:
                continue
            readings.add((t.person, t.company))
        best.setdefault(t.person, p)
        kept.append((p, t))
    return kept


def roles_in(docs: list[Doc], people: list[str], default_company: str | None, parsed: list[Doc] | None = None,
             model: RoleModel | None = None) -> list[dict]:
    """The item's role relations; `docs` is [headline doc, body doc] of the read pass, `parsed` the parse pass."""
    if len(docs) < 2:
        return []
    people = [*people, *named_by_role(docs[0], docs[1], people)]
    if not people:
        return []
    model = model or role_model()
    units = units_of(docs[0], docs[1], people, parsed)
    scored = [(model.probability(t.features), t) for t in triples(units, default_company)]
    kept = [t for _, t in select(scored, model.threshold, model.second)]
    predecessors: dict[str, str] = {}
    for successor, predecessor in _predecessors(units):
        # "He succeeds Greta Lindqvist": the successor is the item's first appointee.
        successor = successor if any(t.person == successor for t in kept) else next((t.person for t in kept), "")
        if successor and successor != predecessor:
            predecessors.setdefault(predecessor, successor)
            if not any(t.person == predecessor for t in kept):  # a predecessor leaves the successor's post
                taken = next(t for t in kept if t.person == successor)
                kept.append(Triple(predecessor, taken.role, taken.company, {}))
    out: list[dict] = []
    for person in people:
        for t in sorted((t for t in kept if t.person == person), key=lambda t: PRIORITY.get(t.role, 99)):
            entry = {"person": person, "role": t.role, "company": t.company,
                     "action": action_of(units, person, t.role, set(predecessors))}
            successor = predecessors.get(person)
            if successor and successor != person:
                entry["predecessor_of"] = successor  # read by the event frames, not part of `roles`
            out.append(entry)
    return out
