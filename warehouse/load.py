"""Upsert enriched articles into the warehouse: bulk (Arrow), idempotent (keyed on id), one transaction.

A batch replaces the rows of its articles in every derived table (entities, companies, people, events,
embeddings), assigns syndicated copies to stories, and refreshes the stories it touched — all or nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pyarrow as pa

from warehouse.story_load import batch_stories, new_candidates

SQL_DIR = Path(__file__).parent / "queries"
EMBEDDING_DIM = 384

ARTICLE_SCHEMA = pa.schema([
    ("id", pa.string()), ("url", pa.string()), ("canonical_url", pa.string()), ("source", pa.string()),
    ("title", pa.string()), ("published_at", pa.string()), ("fetched_at", pa.string()), ("author", pa.string()),
    ("text", pa.string()), ("lang", pa.string()), ("discovered_via", pa.string()), ("story_id", pa.string()),
    ("pillar", pa.string()), ("pillars", pa.list_(pa.string())), ("pillar_scores", pa.string()),
    ("event_type", pa.string()), ("subject_company", pa.string()), ("amount_value", pa.float64()),
    ("amount_currency", pa.string()), ("amount_usd", pa.float64()), ("modalities", pa.list_(pa.string())),
    ("locations", pa.list_(pa.string())), ("evidence", pa.list_(pa.string())), ("enriched_at", pa.string()),
    ("model_version", pa.string()), ("date_source", pa.string()),
    ("is_teaser", pa.bool_()),
])
CHILD_SCHEMAS = {
    "article_entities": pa.schema([
        ("article_id", pa.string()), ("text", pa.string()), ("label", pa.string()),
        ("start_char", pa.int32()), ("end_char", pa.int32()), ("canonical", pa.string())]),
    "article_companies": pa.schema([
        ("article_id", pa.string()), ("company", pa.string()), ("is_subject", pa.bool_()), ("position", pa.int32()),
        ("role", pa.string()), ("in_knowledge_base", pa.bool_())]),
    "article_people": pa.schema([
        ("article_id", pa.string()), ("person", pa.string()), ("role", pa.string()), ("company", pa.string()),
        ("position", pa.int32())]),
    "events": pa.schema([
        ("article_id", pa.string()), ("position", pa.int32()), ("event_type", pa.string()), ("pillar", pa.string()),
        ("company", pa.string()), ("person", pa.string()), ("role", pa.string()), ("action", pa.string()),
        ("location", pa.string()), ("country", pa.string()), ("lat", pa.float64()), ("lon", pa.float64()),
        ("amount_usd", pa.float64()), ("modality", pa.string()), ("technology", pa.string()),
        ("partner", pa.string()), ("capacity", pa.string())]),
    "article_places": pa.schema([
        ("article_id", pa.string()), ("position", pa.int32()), ("text", pa.string()), ("city", pa.string()),
        ("region", pa.string()), ("country", pa.string()), ("lat", pa.float64()), ("lon", pa.float64())]),
    "article_embeddings": pa.schema([
        ("article_id", pa.string()), ("embedding", pa.list_(pa.float32(), EMBEDDING_DIM))]),
}
EVENT_FIELDS = [f.name for f in CHILD_SCHEMAS["events"]][2:]


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


def parse_published(value: str | None) -> datetime | None:
    """A timezone-aware datetime (UTC for dates and naive times), or None."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


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
        "date_source": r.get("date_source"), "is_teaser": r.get("is_teaser"),
    }


def event_frames(r: dict) -> list[dict]:
    """The record's typed event frames; derived from its headline fields when the record has none."""
    if r.get("events"):
        return [{k: e.get(k) for k in EVENT_FIELDS} | {"pillar": e.get("pillar") or r.get("pillar")}
                for e in r["events"] if e.get("event_type")]
    if not r.get("event_type"):
        return []
    base = {k: None for k in EVENT_FIELDS} | {
        "event_type": r["event_type"], "pillar": r.get("pillar"), "company": r.get("subject_company"),
        "location": (r.get("locations") or [None])[0], "amount_usd": (r.get("amount") or {}).get("usd"),
        "modality": (r.get("modalities") or [None])[0],
    }
    if r["event_type"] in ("executive_appointment", "executive_departure") and r.get("roles"):
        action = "departed" if r["event_type"] == "executive_departure" else "appointed"
        return [base | {"person": role["person"], "role": role["role"], "company": role.get("company") or
                        base["company"], "action": action} for role in r["roles"]]
    return [base]


def _tables(records: list[dict]) -> dict[str, pa.Table]:
    rows: dict[str, list[dict]] = {name: [] for name in CHILD_SCHEMAS}
    for r in records:
        for e in r.get("entities") or []:
            rows["article_entities"].append({"article_id": r["id"], "text": e["text"], "label": e["label"],
                                             "start_char": e.get("start"), "end_char": e.get("end"),
                                             "canonical": e.get("canonical")})
        company_roles = r.get("company_roles") or {}
        # A record that lists its unknown organisations says of every company whether the knowledge base knew it.
        unknown = set(r["unknown_companies"]) if isinstance(r.get("unknown_companies"), list) else None
        for position, company in enumerate(r.get("companies") or []):
            rows["article_companies"].append({"article_id": r["id"], "company": company,
                                              "is_subject": company == r.get("subject_company"),
                                              "position": position, "role": company_roles.get(company),
                                              "in_knowledge_base": None if unknown is None else company not in unknown})
        roles = {role["person"]: role for role in r.get("roles") or []}
        for position, person in enumerate(r.get("people") or []):
            role = roles.get(person) or {}
            rows["article_people"].append({"article_id": r["id"], "person": person, "role": role.get("role"),
                                           "company": role.get("company"), "position": position})
        for position, frame in enumerate(event_frames(r)):
            rows["events"].append({"article_id": r["id"], "position": position, **frame})
        for position, place in enumerate(r.get("places") or []):
            rows["article_places"].append({"article_id": r["id"], "position": position, "text": place.get("text"),
                                           **{k: place.get(k) for k in ("city", "region", "country", "lat", "lon")}})
        if r.get("embedding") is not None:
            rows["article_embeddings"].append({"article_id": r["id"], "embedding": r["embedding"]})
    tables = {"articles": pa.Table.from_pylist([_article_row(r) for r in records], schema=ARTICLE_SCHEMA)}
    tables |= {name: pa.Table.from_pylist(rows[name], schema=CHILD_SCHEMAS[name]) for name in CHILD_SCHEMAS}
    return tables


def _with_stories(con: duckdb.DuckDBPyConnection, records: list[dict],
                  tables: dict[str, pa.Table]) -> dict[str, pa.Table]:
    """The batch's tables with `story_id` set, matching it against articles already in the warehouse."""
    stories = batch_stories(con, new_candidates(records, tables["article_embeddings"]))
    articles = tables["articles"]
    column = articles.schema.get_field_index("story_id")
    return tables | {"articles": articles.set_column(column, "story_id", pa.array(stories, type=pa.string()))}


def load_enriched(con: duckdb.DuckDBPyConnection, records: list[dict]) -> LoadResult:
    """Replace or insert every record and its derived rows, all or nothing."""
    if not records:
        return LoadResult(frozenset(), frozenset())
    # Last copy of an id in the batch wins, so a batch never conflicts with itself.
    unique = [dict(r) for r in {r["id"]: r for r in records}.values()]
    loaded_at = datetime.now(timezone.utc)
    con.execute("BEGIN TRANSACTION")
    registered: list[str] = []
    try:
        tables = _with_stories(con, unique, _tables(unique))
        for name, table in tables.items():
            con.register(f"incoming_{name}", table)
            registered.append(f"incoming_{name}")
        existing = {row[0] for row in con.execute(
            "SELECT id FROM articles WHERE id IN (SELECT id FROM incoming_articles)").fetchall()}
        con.execute("CREATE OR REPLACE TEMP TABLE touched_stories AS SELECT DISTINCT story_id FROM ("
                    "SELECT story_id FROM articles WHERE id IN (SELECT id FROM incoming_articles) "
                    "UNION ALL SELECT story_id FROM incoming_articles)")
        for child in CHILD_SCHEMAS:
            con.execute(f"DELETE FROM {child} WHERE article_id IN (SELECT id FROM incoming_articles)")
            con.execute(f"INSERT INTO {child} BY NAME SELECT * FROM incoming_{child}")
        con.execute("CREATE OR REPLACE TEMP TABLE earlier_fetches AS SELECT id, fetched_at FROM articles "
                    "WHERE id IN (SELECT id FROM incoming_articles)")
        con.execute("DELETE FROM articles WHERE id IN (SELECT id FROM incoming_articles)")
        con.execute((SQL_DIR / "insert_articles.sql").read_text(encoding="utf-8"), [loaded_at])
        con.execute((SQL_DIR / "refresh_stories.sql").read_text(encoding="utf-8"))
        con.execute((SQL_DIR / "refresh_seen_companies.sql").read_text(encoding="utf-8"))
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    finally:
        for name in registered:
            con.unregister(name)
    ids = frozenset(r["id"] for r in unique)
    return LoadResult(new_ids=ids - existing, updated_ids=frozenset(existing))


COMPANY_SCHEMA = pa.schema([
    ("name", pa.string()), ("aliases", pa.list_(pa.string())), ("parent", pa.string()), ("hq_country", pa.string()),
    ("is_cdmo", pa.bool_()), ("type", pa.string()),
    ("former_names", pa.list_(pa.struct([("name", pa.string()), ("until", pa.string())]))),
])


def _company_row(c: dict) -> dict:
    former = [{"name": str(f["name"]), "until": None if f.get("until") is None else str(f["until"])}
              for f in c.get("former_names") or []]
    return {"name": c["name"], "aliases": list(c.get("aliases") or []), "parent": c.get("parent"),
            "hq_country": c.get("hq_country"), "is_cdmo": c.get("is_cdmo"), "type": c.get("type"),
            "former_names": former}


def load_companies(con: duckdb.DuckDBPyConnection, companies: list[dict]) -> int:
    """Upsert knowledge-base entries (name, aliases, parent, hq_country, is_cdmo, type, former_names as
    `{"name", "until"}` dicts, the shape of `dataclasses.asdict(nlp.entities.company_names.Company)`) into `companies`;
    return how many rows it inserted or changed (an entry equal to its row is left alone)."""
    # The last entry of a name wins, as in the knowledge base's own overlays (one row per name in one upsert).
    table = pa.Table.from_pylist(list({c["name"]: _company_row(c) for c in companies}.values()),
                                 schema=COMPANY_SCHEMA)
    con.execute("BEGIN TRANSACTION")
    try:
        con.register("incoming_companies", table)
        written = con.execute((SQL_DIR / "upsert_companies.sql").read_text(encoding="utf-8")).fetchone()
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    finally:
        con.unregister("incoming_companies")
    return int(written[0]) if written else 0
