"""Analysts' corrections applied to the warehouse as overrides: the latest correction of a field is its value.

Every publish (warehouse/publish.py's writer_session) applies the corrections in force to the working copy
after the load and before the read-side indexes are refreshed, so whatever a load, `radar reprocess` or a new
model wrote, readers only ever see the corrected values. Saving a correction republishes at once
(`republish_corrections`), so the dashboard shows it without a crawl. Applying is idempotent: an article whose
rows already hold the corrected values is left alone (its `loaded_at` is not moved, so the indexes are not
rebuilt for nothing).
"""

from __future__ import annotations

import fcntl
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from warehouse.fx import usd_value

SQL_DIR = Path(__file__).parent / "queries"
LEADERSHIP_TYPES = ("executive_appointment", "executive_departure")
EVENT_COLUMNS = ("event_type", "pillar", "company", "person", "role", "action", "location", "country", "lat", "lon",
                 "amount_usd", "modality", "technology", "partner", "capacity")
FRAME_FIELDS = frozenset({"pillars", "event_type", "subject_company", "companies", "roles", "amount", "locations",
                          "modalities"})


def _sql(name: str) -> str:
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


@dataclass(frozen=True)
class ArticleState:
    """The rows of one article that corrections may change."""

    article: dict[str, Any]  # pillar, pillars, event_type, subject_company, amount_*, locations, modalities, year
    companies: list[dict[str, Any]] = field(default_factory=list)  # company, role (order = position)
    people: list[dict[str, Any]] = field(default_factory=list)  # person, role, company
    events: list[dict[str, Any]] = field(default_factory=list)  # EVENT_COLUMNS
    places: list[dict[str, Any]] = field(default_factory=list)  # text, city, region, country, lat, lon


def _role_rows(roles: list[dict[str, Any]], subject: str | None) -> list[dict[str, Any]]:
    return [{"person": r["person"], "role": r["role"], "company": r.get("company") or subject,
             "action": "departed" if r.get("action") == "departing" else "appointed"} for r in roles]


def _frames(state: ArticleState, a: dict[str, Any], fix: dict[str, Any], old_subject: str | None,
            companies: list[str]) -> list[dict[str, Any]]:
    """The article's event frames after the correction: the machine's frames kept where the correction does not
    touch them (their places, coordinates, technologies, their own event types), the corrected facts set."""
    frames = [dict(e) for e in state.events]
    if not frames:
        frames = [{c: None for c in EVENT_COLUMNS} | {"event_type": a["event_type"], "pillar": a["pillar"],
                                                       "company": a["subject_company"]}]
    for frame in frames:
        if "event_type" in fix:
            frame["event_type"] = a["event_type"]
        if "pillars" in fix:
            frame["pillar"] = a["pillar"]
        if frame.get("person"):
            continue  # a leadership frame's organisation is its role's (corrected with the roles)
        if ("subject_company" in fix or "companies" in fix) and (
                frame.get("company") in (None, old_subject) or frame.get("company") not in companies):
            frame["company"] = a["subject_company"]
        if "amount" in fix:
            frame["amount_usd"] = a["amount_usd"]
        if "locations" in fix and frame.get("location") not in a["locations"]:
            frame |= {"location": (a["locations"] or [None])[0], "country": None, "lat": None, "lon": None}
        if "modalities" in fix and frame.get("modality") not in a["modalities"]:
            frame["modality"] = (a["modalities"] or [None])[0]
    if "event_type" in fix or "roles" in fix:
        plain = [f for f in frames if not f.get("person")] or [
            frames[0] | {"person": None, "role": None, "action": None, "company": a["subject_company"]}]
        if a["event_type"] not in LEADERSHIP_TYPES:
            frames = plain
        elif "roles" in fix:
            frames = [plain[0] | role for role in _role_rows(fix["roles"], a["subject_company"])] or plain[:1]
        else:
            frames = [f for f in frames if f.get("person")] or plain[:1]
    return [f for f in frames if f.get("event_type")]  # events.event_type is never null


def corrected_state(state: ArticleState, fix: dict[str, Any]) -> ArticleState:
    """The article's rows with every corrected field set to its corrected value; rows no correction touches stay
    exactly as the load wrote them (pure; idempotent)."""
    a = dict(state.article)
    old_subject = a.get("subject_company")
    if "pillars" in fix:
        a["pillar"] = fix["pillars"]["primary"]
        a["pillars"] = [fix["pillars"]["primary"], *fix["pillars"]["secondary"]]
    if "event_type" in fix:
        a["event_type"] = fix["event_type"]
    companies = [dict(c) for c in state.companies]
    names = [c["company"] for c in companies]
    if "companies" in fix or "subject_company" in fix:
        names = list(fix["companies"]) if "companies" in fix else names
        if "subject_company" in fix:
            a["subject_company"] = fix["subject_company"]
        elif a.get("subject_company") not in names:
            a["subject_company"] = None  # the analyst removed the subject from the companies the article names
        subject = a["subject_company"]
        if subject and subject not in names:
            names.insert(0, subject)
        roles_of = {c["company"]: c.get("role") for c in state.companies}
        companies = []
        for name in names:
            role = roles_of.get(name) or "counterparty"  # an organisation an analyst adds is a party to the news
            if name == subject:
                role = "subject"
            elif role == "subject":
                role = "counterparty"
            companies.append({"company": name, "role": role})
    people = [dict(p) for p in state.people]
    if "roles" in fix:
        by_person = {r["person"]: r for r in _role_rows(fix["roles"], a["subject_company"])}
        people = [{"person": p["person"], "role": (by_person.get(p["person"]) or {}).get("role"),
                   "company": (by_person.get(p["person"]) or {}).get("company")} for p in people]
        known = {p["person"] for p in people}
        people += [{"person": r["person"], "role": r["role"], "company": r["company"]}
                   for r in by_person.values() if r["person"] not in known]
    if "amount" in fix:
        amount = fix["amount"]
        a |= ({"amount_value": None, "amount_currency": None, "amount_usd": None} if amount is None else
              {"amount_value": amount["value"], "amount_currency": amount["currency"],
               "amount_usd": usd_value(amount["value"], amount["currency"], a.get("year") or datetime.now().year)})
    places = [dict(p) for p in state.places]
    if "locations" in fix:
        a["locations"] = list(fix["locations"])
        # The enricher's geocoded places stay for the locations kept; one the analyst adds has no coordinates
        # (the warehouse does not geocode), so it is listed without a country.
        resolved = {p["text"]: p for p in state.places}
        places = [resolved.get(text) or {"text": text, "city": None, "region": None, "country": None, "lat": None,
                                         "lon": None} for text in a["locations"]]
    if "modalities" in fix:
        a["modalities"] = list(fix["modalities"])
    events = state.events
    if FRAME_FIELDS & set(fix):
        events = _frames(state, a, fix, old_subject, names)
    return replace(state, article=a, companies=companies, people=people, events=[dict(e) for e in events],
                   places=places)


def _rows(con: duckdb.DuckDBPyConnection, query: str) -> list[dict[str, Any]]:
    result = con.execute(_sql(query))
    columns = [d[0] for d in result.description]  # type: ignore[union-attr]
    return [dict(zip(columns, values, strict=True)) for values in result.fetchall()]


def _read_states(con: duckdb.DuckDBPyConnection, article_ids: list[str]) -> dict[str, ArticleState]:
    """The current rows of the articles among `article_ids` that the warehouse holds, four queries in all."""
    con.register("corrected_ids", pa.table({"id": pa.array(article_ids, type=pa.string())}))
    try:
        articles = _rows(con, "corrections_state_articles")
        children = {part: _rows(con, f"corrections_state_{part}")
                    for part in ("companies", "people", "events", "places")}
    finally:
        con.unregister("corrected_ids")
    grouped: dict[str, dict[str, list[dict[str, Any]]]] = {a["article_id"]: {p: [] for p in children}
                                                           for a in articles}
    for part, rows in children.items():
        for row in rows:
            grouped[row.pop("article_id")][part].append(row)
    return {a["article_id"]: ArticleState(article={k: v for k, v in a.items() if k != "article_id"},
                                          **grouped[a["article_id"]]) for a in articles}


def _comparable(state: ArticleState) -> tuple[Any, ...]:
    a = state.article
    return (a["pillar"], list(a["pillars"] or []), a["event_type"], a["subject_company"], a["amount_value"],
            a["amount_currency"], a["amount_usd"], list(a["locations"] or []), list(a["modalities"] or []),
            [(c["company"], c["role"]) for c in state.companies],
            [(p["person"], p["role"], p["company"]) for p in state.people],
            [tuple(e.get(c) for c in EVENT_COLUMNS) for e in state.events],
            [tuple(p.values()) for p in state.places])


ARTICLE_COLUMNS = pa.schema([
    ("id", pa.string()), ("pillar", pa.string()), ("pillars", pa.list_(pa.string())), ("event_type", pa.string()),
    ("subject_company", pa.string()), ("amount_value", pa.float64()), ("amount_currency", pa.string()),
    ("amount_usd", pa.float64()), ("locations", pa.list_(pa.string())), ("modalities", pa.list_(pa.string()))])


def _write_states(con: duckdb.DuckDBPyConnection, states: dict[str, ArticleState], now: datetime) -> None:
    """Replace the rows of every article in `states` with its corrected ones, in a few bulk statements."""
    from warehouse.load import CHILD_SCHEMAS

    articles = [{"id": article_id, **{c: s.article.get(c) for c in ARTICLE_COLUMNS.names[1:]}}
                for article_id, s in states.items()]
    companies = [{"article_id": article_id, "company": c["company"],
                  "is_subject": c["company"] == s.article["subject_company"], "position": position, "role": c["role"]}
                 for article_id, s in states.items() for position, c in enumerate(s.companies)]
    people = [{"article_id": article_id, "position": position, **p}
              for article_id, s in states.items() for position, p in enumerate(s.people)]
    events = [{"article_id": article_id, "position": position, **{c: e.get(c) for c in EVENT_COLUMNS}}
              for article_id, s in states.items() for position, e in enumerate(s.events)]
    places = [{"article_id": article_id, "position": position, **p}
              for article_id, s in states.items() for position, p in enumerate(s.places)]
    tables = {"corrected_articles": pa.Table.from_pylist(articles, schema=ARTICLE_COLUMNS),
              "corrected_article_companies": pa.Table.from_pylist(companies,
                                                                  schema=CHILD_SCHEMAS["article_companies"]),
              "corrected_article_people": pa.Table.from_pylist(people, schema=CHILD_SCHEMAS["article_people"]),
              "corrected_events": pa.Table.from_pylist(events, schema=CHILD_SCHEMAS["events"]),
              "corrected_article_places": pa.Table.from_pylist(places, schema=CHILD_SCHEMAS["article_places"])}
    for name, table in tables.items():
        con.register(name, table)
    try:
        con.execute(_sql("corrections_update_articles"), {"loaded_at": now})
        con.execute(_sql("corrections_replace_rows"))
    finally:
        for name in tables:
            con.unregister(name)


def apply_corrections(con: duckdb.DuckDBPyConnection, latest: dict[str, dict[str, Any]]) -> list[str]:
    """Override the warehouse rows of every corrected article with its corrections in force (article id → field →
    value), in one transaction; returns the ids whose rows changed. Articles not in the warehouse are skipped:
    their corrections apply when they are loaded."""
    if not latest:
        return []
    now = datetime.now(timezone.utc)
    con.execute("BEGIN TRANSACTION")
    try:
        states = _read_states(con, sorted(latest))
        targets = {article_id: corrected_state(state, latest[article_id]) for article_id, state in states.items()}
        changed = {article_id: target for article_id, target in sorted(targets.items())
                   if _comparable(target) != _comparable(states[article_id])}
        if changed:
            _write_states(con, changed, now)
            _refresh_derived(con, list(changed))
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return list(changed)


def _refresh_derived(con: duckdb.DuckDBPyConnection, article_ids: list[str]) -> None:
    """Stories (their first article's pillar) and the company dimension (a new organisation an analyst added)."""
    ids = pa.table({"id": pa.array(article_ids, type=pa.string())})
    con.register("corrected_ids", ids)
    try:
        con.execute("CREATE OR REPLACE TEMP TABLE touched_stories AS "
                    "SELECT DISTINCT story_id FROM articles WHERE id IN (SELECT id FROM corrected_ids)")
        con.execute(_sql("refresh_stories"))
        con.execute("CREATE OR REPLACE TEMP VIEW incoming_articles AS SELECT id FROM corrected_ids")
        con.execute("CREATE OR REPLACE TEMP VIEW incoming_article_companies AS "
                    "SELECT * FROM article_companies WHERE article_id IN (SELECT id FROM corrected_ids)")
        con.execute(_sql("refresh_seen_companies"))
        con.execute("DROP VIEW incoming_articles; DROP VIEW incoming_article_companies")
    finally:
        con.unregister("corrected_ids")


def lock_is_free(published: Path) -> bool:
    """Whether no load is publishing right now (a save then republishes at once instead of waiting)."""
    lock = published.with_name(f".{published.name}.lock")
    if not lock.exists():
        return True
    with open(lock, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        fcntl.flock(handle, fcntl.LOCK_UN)
        return True


def republish_corrections(published: Path) -> None:
    """Publish the warehouse again with the corrections in force; a running load is waited for (its own publish
    applies them too, but only those saved before it reached that step)."""
    from warehouse.publish import writer_session

    with writer_session(Path(published)):
        pass  # writer_session applies the corrections before it publishes
