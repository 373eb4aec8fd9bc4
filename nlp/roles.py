"""Normalised executive roles for leadership items: who takes or leaves which top job where."""

from __future__ import annotations

import re

from spacy.tokens import Doc

ROLE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (role, re.compile(pattern, re.IGNORECASE))
    for role, pattern in [
        ("CEO", r"\bchief executive( officer)?\b|\bCEO\b|\bmanaging director\b"),
        ("CFO", r"\bchief financial officer\b|\bCFO\b|\bfinance chief\b"),
        ("COO", r"\bchief operating officer\b|\bCOO\b"),
        ("CSO", r"\bchief scientific officer\b|\bCSO\b|\bchief science officer\b"),
        ("CTO", r"\bchief technology officer\b|\bchief technical officer\b|\bCTO\b"),
        ("CCO", r"\bchief commercial officer\b|\bCCO\b"),
        ("CIO", r"\bchief information officer\b|\bCIO\b"),
        ("CDO", r"\bchief digital officer\b|\bchief data officer\b|\bCDO\b"),
        ("Chair", r"\bchair(man|woman|person)?\b(?! of the (audit|nominating|compensation))"),
        ("President", r"\bpresident\b"),
        ("Board member", r"\bboard of directors\b|\bboard member\b|\bnon-executive director\b|\bto (its|the) board\b"),
        ("Site head", r"\bsite head\b|\bhead of (the )?site\b|\bsite (leader|director)\b|\bplant manager\b|\bgeneral manager\b"),
        ("General counsel", r"\bgeneral counsel\b|\bchief legal officer\b"),
    ]
]


def roles_in(doc: Doc, people: list[str], default_company: str | None, canonical_org) -> list[dict]:  # type: ignore[no-untyped-def]
    """One role per person: the first sentence that names the person and a role gives it."""
    found: dict[str, dict] = {}
    for sentence in doc.sents:
        persons = [e for e in sentence.ents if e.label_ == "PERSON"]
        if not persons:
            continue
        role = next((name for name, pattern in ROLE_PATTERNS if pattern.search(sentence.text)), None)
        if role is None:
            continue
        orgs = [canonical_org(e.text) for e in sentence.ents if e.label_ == "ORG"]
        company = orgs[0] if orgs else default_company
        for person in persons:
            full = next((p for p in people if p == person.text or p.endswith(" " + person.text)), None)
            if full and full not in found:
                found[full] = {"person": full, "role": role, "company": company}
    return list(found.values())
