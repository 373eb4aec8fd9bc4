"""Synthetic enriched articles for load and query benchmarks (deterministic for a seed)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

COMPANIES = ["Lonza", "Samsung Biologics", "WuXi Biologics", "Catalent", "Fujifilm Diosynth Biotechnologies",
             "AGC Biologics", "Recipharm", "Siegfried", "Cambrex", "Piramal Pharma Solutions", "CordenPharma",
             "Charles River", "Made Scientific", "Abzena", "Vetter", "Rentschler Biopharma"]
PILLARS = ["infrastructure", "digital", "leadership", "other"]
EVENTS = {"infrastructure": "facility_investment", "digital": "digital_launch",
          "leadership": "executive_appointment", "other": "contract_or_partnership"}
WORDS = ("the company said it would expand capacity for biologics at its site and hire staff for the new "
         "line while customers asked for more fill finish slots in the coming years").split()


def synthetic_articles(n: int, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    start = datetime(2019, 1, 1, tzinfo=timezone.utc)
    out = []
    for i in range(n):
        pillar = rng.choice(PILLARS)
        company = rng.choice(COMPANIES)
        published = start + timedelta(minutes=rng.randrange(0, 8 * 365 * 24 * 60))
        text = " ".join(rng.choice(WORDS) for _ in range(180))
        out.append({
            "id": f"syn{i:09d}", "url": f"https://news.example/{i}", "canonical_url": f"https://news.example/{i}",
            "source": f"source-{i % 40}", "title": f"{company} item {i}", "published": published.isoformat(),
            "author": None, "text": text, "lang": "en", "fetched_at": published.isoformat(),
            "discovered_via": "feed", "pillar": pillar, "pillars": [pillar],
            "pillar_scores": {p: (0.9 if p == pillar else 0.05) for p in PILLARS}, "event_type": EVENTS[pillar],
            "companies": [company, rng.choice(COMPANIES)], "subject_company": company, "people": ["Jo Bloggs"],
            "roles": [], "locations": ["Visp, Switzerland"],
            "amount": {"value": 1e6 * rng.randint(1, 900), "currency": "USD", "usd": 1e6 * rng.randint(1, 900)},
            "modalities": ["biologics_mammalian"],
            "entities": [{"text": company, "label": "ORG", "start": 0, "end": len(company), "canonical": company}],
            "evidence": [f"{company} item {i}"], "model_version": "synthetic", "enriched_at": published.isoformat(),
        })
    return out
