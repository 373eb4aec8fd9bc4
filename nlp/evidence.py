"""Short evidence phrases for a prediction: the lead sentences that carry the pillar's signal."""

from __future__ import annotations

PILLAR_CUES = {
    "infrastructure": ("facility", "plant", "site", "capacity", "bioreactor", "line", "groundbreaking", "square",
                       "litre", "liter", "construction", "expan", "invest", "campus", "suite", "acquire"),
    "digital": ("digital", "in silico", "in-silico", "model", "ai", "machine learning", "automation", "twin",
                "platform", "data", "mes", "lims", "software", "algorithm"),
    "leadership": ("appoint", "chief", "ceo", "cfo", "president", "board", "succeed", "step down", "retire",
                   "named", "joins", "hire", "officer", "chair"),
    "other": ("acquisition", "agreement", "revenue", "results", "fda", "warning letter", "tariff", "layoff",
              "contract", "merger", "approval", "market"),
}
MAX_WORDS = 25


def evidence_for(pillar: str, title: str, sentences: list[str], limit: int = 2) -> list[str]:
    cues = PILLAR_CUES[pillar]
    picked = []
    for sentence in [title, *sentences[:6]]:
        lowered = f" {sentence.lower()} "
        if any(cue in lowered for cue in cues):
            words = sentence.split()
            picked.append(" ".join(words[:MAX_WORDS]) + (" …" if len(words) > MAX_WORDS else ""))
        if len(picked) >= limit:
            break
    return picked or [title]
