"""The keyword baseline `radar evaluate` prints next to the real scores: what cue words and raw spaCy give.

Pillar and event type by counting cue words of headline and lead; companies, people and subject straight from
the statistical NER (no knowledge base, no filtering, no party selection); roles from the first role word of a
sentence naming the person; amount is the first money mention of the text.
"""

from __future__ import annotations

import re

from nlp.classification.cues import count_cues
from nlp.classification.evidence import PILLAR_CUES
from nlp.entities.money import find_amounts, to_usd
from nlp.taxonomy import EVENT_TYPES_BY_PILLAR

# The role words of the first pipeline, frozen here so the baseline does not move with the model.
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
EVENT_CUES = {
    "facility_opening": ("opens", "opened", "opening", "inaugurat*"), "facility_investment": ("invest*", "build*"),
    "capacity_expansion": ("expan*", "capacity", "adds"), "site_acquisition": ("acquire*", "buys", "purchase*"),
    "executive_appointment": ("appoint*", "names", "named", "hire*", "joins"),
    "executive_departure": ("step down", "steps down", "retire*", "depart*", "resign*", "leave*", "leaving"),
    "digital_launch": ("launch*", "deploy*", "roll*", "introduc*"), "digital_partnership": ("partner*", "collaborat*"),
    "m_and_a": ("acquire*", "acquisition*", "merger*", "takeover*", "buy*"),
    "contract_or_partnership": ("agreement*", "contract*", "deal*"),
    "financial_results": ("revenue*", "results", "quarter*", "sales"),
    "regulatory": ("FDA", "EMA", "MHRA", "approval*", "warning letter*", "inspection*"),
    "restructuring": ("layoff*", "cut*", "job*", "closure*", "close*"),
    "policy_market": ("tariff*", "act", "policy", "market*", "report*"),
    "other": (),
}


def keyword_pillar(title: str, text: str) -> tuple[str, str]:
    lead = f"{title}\n{text[:400]}"
    scores = {p: count_cues(lead, cues) for p, cues in PILLAR_CUES.items()}
    pillar = max(scores, key=lambda p: (scores[p], p == "other"))
    events = EVENT_TYPES_BY_PILLAR[pillar]
    event = max(events, key=lambda e: count_cues(lead, EVENT_CUES[e]))
    return pillar, event


def baseline_predictions(items: list[dict], nlp) -> list[dict]:  # type: ignore[no-untyped-def]
    """Baseline records for labelled items (`nlp`: the radar pipeline; only its sentencer and NER run)."""
    disable = [name for name in nlp.pipe_names if name not in ("senter", "ner")]
    docs = nlp.pipe([f"{i['title']}\n{i['text']}" for i in items], batch_size=64, disable=disable)
    out = []
    for item, doc in zip(items, docs, strict=True):
        pillar, event = keyword_pillar(item["title"], item["text"])
        orgs = list(dict.fromkeys(re.sub(r"['’]s$", "", e.text) for e in doc.ents if e.label_ == "ORG"))
        people = list(dict.fromkeys(e.text for e in doc.ents if e.label_ == "PERSON" and " " in e.text))
        roles = []
        if pillar == "leadership":
            for sentence in doc.sents:
                role = next((r for r, p in ROLE_PATTERNS if p.search(sentence.text)), None)
                for e in sentence.ents:
                    if role and e.label_ == "PERSON" and e.text in people:
                        roles.append({"person": e.text, "role": role, "company": orgs[0] if orgs else None})
        money = find_amounts(item["text"])
        amount = ({"value": money[0].value, "currency": money[0].currency,
                   "usd": to_usd(money[0].value, money[0].currency, 2025)} if money else None)
        out.append({"id": item["id"], "pillar": pillar, "event_type": event, "companies": orgs,
                    "subject_company": orgs[0] if orgs else None, "people": people, "roles": roles,
                    "amount": amount})
    return out
