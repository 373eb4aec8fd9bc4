"""`radar corrections export`: the articles analysts corrected, as labelled items (the format of
nlp/data/corpus/*.jsonl, docs/LABELLING.md), read through the read path with the corrections applied."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from warehouse.read import named_query, read_frame


def _listed(value: Any) -> list:
    return [] if value is None or (isinstance(value, float) and pd.isna(value)) else list(value)


def _text(value: Any) -> str | None:
    return None if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT else str(value)


def corrected_items(db: Path) -> list[dict[str, Any]]:
    """One labelled item per corrected article: every label as the warehouse holds it now, plus
    `corrected_fields` (what analysts fixed by hand) and `corrected_by`."""
    articles = read_frame(db, named_query("corrections_export_articles"))
    parties = read_frame(db, named_query("corrections_export_parties"))
    by_article: dict[str, list[dict]] = {}
    for row in parties.to_dict("records"):
        by_article.setdefault(row["article_id"], []).append(row)
    items = []
    for a in articles.to_dict("records"):
        rows = by_article.get(a["id"], [])
        companies = [r for r in rows if r["kind"] == "company"]
        published = a["published_at"] if _text(a["published_at"]) else a["dated_at"]
        amount = None
        if _text(a["amount_currency"]) and a["amount_value"] is not None and not pd.isna(a["amount_value"]):
            value = float(a["amount_value"])
            amount = {"value": int(value) if value.is_integer() else value, "currency": a["amount_currency"]}
        items.append({
            "id": a["id"], "source_url": a["url"],
            "published": pd.Timestamp(published).date().isoformat() if _text(published) else None,
            "title": a["title"], "text": a["text"], "pillar": a["pillar"], "pillars": _listed(a["pillars"]),
            "event_type": a["event_type"], "subject_company": _text(a["subject_company"]),
            "companies": [r["name"] for r in companies],
            "company_roles": {r["name"]: r["role"] or "mentioned" for r in companies},
            "people": [r["name"] for r in rows if r["kind"] == "person"],
            "roles": [{"person": r["name"], "role": r["role"], "company": _text(r["company"]),
                       "action": "departing" if r["action"] == "departed" else "appointed"}
                      for r in rows if r["kind"] == "role"],
            "locations": _listed(a["locations"]), "amount": amount, "modalities": _listed(a["modalities"]),
            "corrected_fields": _listed(a["corrected_fields"]), "corrected_by": _listed(a["corrected_by"]),
        })
    return items


def write_items(items: list[dict[str, Any]], out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8") as handle:
        for item in items:
            handle.write(json.dumps(item, ensure_ascii=False, sort_keys=True) + "\n")
