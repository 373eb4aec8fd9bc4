"""Upsert enriched articles into the warehouse: bulk (Arrow), idempotent (keyed on id), one transaction."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pyarrow as pa

SQL_DIR = Path(__file__).parent / "queries"

ARTICLE_SCHEMA = pa.schema([
    ("id", pa.string()), ("url", pa.string()), ("canonical_url", pa.string()), ("source", pa.string()),
    ("title", pa.string()), ("published_at", pa.string()), ("fetched_at", pa.string()), ("author", pa.string()),
    ("text", pa.string()), ("lang", pa.string()), ("discovered_via", pa.string()), ("story_id", pa.string()),
    ("pillar", pa.string()), ("pillars", pa.list_(pa.string())), ("pillar_scores", pa.string()),
    ("event_type", pa.string()), ("subject_company", pa.string()), ("amount_value", pa.float64()),
    ("amount_currency", pa.string()), ("amount_usd", pa.float64()), ("modalities", pa.list_(pa.string())),
    ("locations", pa.list_(pa.string())), ("evidence", pa.list_(pa.string())), ("enriched_at", pa.string()),
    ("model_version", pa.string()),
])


@dataclass(frozen=True)
class LoadResult:
    new_ids: frozenset[str]
    updated_ids: frozenset[str]

    @property
    def new(self) -> int:
        return len(self.new_ids)

    @property
    def updated(self) -> int:
        return len(self.updated_ids)


def _article_row(r: dict) -> dict:
    amount = r.get("amount") or {}
    return {
        "id": r["id"], "url": r.get("url") or r.get("canonical_url") or "", "canonical_url":
        r.get("canonical_url") or r.get("url") or "", "source": r.get("source") or "unknown", "title": r["title"],
        "published_at": r.get("published"), "fetched_at": r.get("fetched_at"), "author": r.get("author"),
        "text": r["text"], "lang": r.get("lang"), "discovered_via": r.get("discovered_via"),
        "story_id": r.get("story_id") or r["id"], "pillar": r.get("pillar"), "pillars": r.get("pillars"),
        "pillar_scores": json.dumps(r.get("pillar_scores")) if r.get("pillar_scores") is not None else None,
        "event_type": r.get("event_type"), "subject_company": r.get("subject_company"),
        "amount_value": amount.get("value"), "amount_currency": amount.get("currency"),
        "amount_usd": amount.get("usd"), "modalities": r.get("modalities"), "locations": r.get("locations"),
        "evidence": r.get("evidence"), "enriched_at": r.get("enriched_at"), "model_version": r.get("model_version"),
    }


def _tables(records: list[dict]) -> dict[str, pa.Table]:
    articles = pa.Table.from_pylist([_article_row(r) for r in records], schema=ARTICLE_SCHEMA)
    entities, companies, people = [], [], []
    for r in records:
        for e in r.get("entities") or []:
            entities.append({"article_id": r["id"], "text": e["text"], "label": e["label"],
                             "start_char": e.get("start"), "end_char": e.get("end"), "canonical": e.get("canonical")})
        for position, company in enumerate(r.get("companies") or []):
            companies.append({"article_id": r["id"], "company": company,
                              "is_subject": company == r.get("subject_company"), "position": position})
        roles = {role["person"]: role for role in r.get("roles") or []}
        for position, person in enumerate(r.get("people") or []):
            role = roles.get(person) or {}
            people.append({"article_id": r["id"], "person": person, "role": role.get("role"),
                           "company": role.get("company"), "position": position})
    return {
        "articles": articles,
        "article_entities": pa.Table.from_pylist(entities, schema=pa.schema([
            ("article_id", pa.string()), ("text", pa.string()), ("label", pa.string()),
            ("start_char", pa.int32()), ("end_char", pa.int32()), ("canonical", pa.string())])),
        "article_companies": pa.Table.from_pylist(companies, schema=pa.schema([
            ("article_id", pa.string()), ("company", pa.string()), ("is_subject", pa.bool_()),
            ("position", pa.int32())])),
        "article_people": pa.Table.from_pylist(people, schema=pa.schema([
            ("article_id", pa.string()), ("person", pa.string()), ("role", pa.string()),
            ("company", pa.string()), ("position", pa.int32())])),
    }


def load_enriched(con: duckdb.DuckDBPyConnection, records: list[dict]) -> LoadResult:
    """Replace or insert every record and its entity rows, all or nothing."""
    if not records:
        return LoadResult(frozenset(), frozenset())
    # Last copy of an id in the batch wins, so a batch never conflicts with itself.
    unique = list({r["id"]: r for r in records}.values())
    tables = _tables(unique)
    loaded_at = datetime.now(timezone.utc)
    con.execute("BEGIN TRANSACTION")
    try:
        for name, table in tables.items():
            con.register(f"incoming_{name}", table)
        existing = {row[0] for row in con.execute(
            "SELECT id FROM articles WHERE id IN (SELECT id FROM incoming_articles)"
        ).fetchall()}
        for child in ("article_entities", "article_companies", "article_people"):
            con.execute(f"DELETE FROM {child} WHERE article_id IN (SELECT id FROM incoming_articles)")
            con.execute(f"INSERT INTO {child} SELECT * FROM incoming_{child}")
        con.execute("DELETE FROM articles WHERE id IN (SELECT id FROM incoming_articles)")
        con.execute((SQL_DIR / "insert_articles.sql").read_text(encoding="utf-8"), [loaded_at])
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    finally:
        for name in tables:
            con.unregister(f"incoming_{name}")
    ids = frozenset(r["id"] for r in unique)
    return LoadResult(new_ids=ids - existing, updated_ids=frozenset(existing))
