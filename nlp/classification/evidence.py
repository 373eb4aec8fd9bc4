"""Short evidence phrases for a prediction: the lead sentences that carry the pillar's signal."""

from __future__ import annotations

from nlp.classification.cues import has_cue

# Cue notation (nlp/classification/cues.py): capitals match only in capitals, "*" marks a stem, every cue is a whole word.
PILLAR_CUES = {
    "infrastructure": ("facility*", "facilities", "plant*", "site*", "capacity", "bioreactor*", "line*",
                       "groundbreaking", "square", "litre*", "liter*", "construction", "expan*", "invest*", "campus",
                       "suite*", "acquire*"),
    "digital": ("digital*", "in silico", "in-silico", "model*", "AI", "artificial intelligence", "machine learning",
                "automat*", "twin*", "platform*", "data", "MES", "LIMS", "software", "algorithm*"),
    "leadership": ("appoint*", "chief", "CEO", "CFO", "COO", "president", "board", "succeed*", "successor",
                   "step down", "steps down", "stepping down", "retire*", "named", "joins", "hire*", "officer", "chair*"),
    "other": ("acquisition*", "agreement*", "revenue*", "results", "FDA", "warning letter*", "tariff*", "layoff*",
              "contract*", "merger*", "approval*", "market*"),
}
MAX_WORDS = 25


def evidence_for(pillar: str, title: str, sentences: list[str], limit: int = 2) -> list[str]:
    cues = PILLAR_CUES[pillar]
    picked = []
    for sentence in [title, *sentences[:6]]:
        if has_cue(sentence, cues):
            words = sentence.split()
            picked.append(" ".join(words[:MAX_WORDS]) + (" …" if len(words) > MAX_WORDS else ""))
        if len(picked) >= limit:
            break
    return picked or [title]
