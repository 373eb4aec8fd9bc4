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


def _role_rows(roles: list[dict[str, Any]], subject: str | None) -> list[dict[str, Any]]:
    return [{"person": r["person"], "role": r["role"], "company": r.get("company") or subject,
             "action": "departed" if r.get("action") == "departing" else "appointed"} for r in roles]


def _frames(state: ArticleState, a: dict[str, Any], fix: dict[str, Any], old_subject: str | None,
            companies: list[str]) -> list[dict[str, Any]]:
    """The article's event frames after the correction: the machine's frames kept where still true (their places,
    coordinates, technologies), their headline facts replaced by the corrected ones."""
    plain = [dict(e) for e in state.events if not e.get("person")]
    if not plain:
        template = dict(state.events[0]) if state.events else {c: None for c in EVENT_COLUMNS}
        template |= {"person": None, "role": None, "action": None}
        plain = [template]
    for frame in plain:
        frame["event_type"], frame["pillar"] = a["event_type"], a["pillar"]
        if ("subject_company" in fix or "companies" in fix) and (
                frame.get("company") in (None, old_subject) or frame.get("company") not in companies):
            frame["company"] = a["subject_company"]
        if "amount" in fix:
            frame["amount_usd"] = a["amount_usd"]
        if "locations" in fix and frame.get("location") not in a["locations"]:
            frame |= {"location": (a["locations"] or [None])[0], "country": None, "lat": None, "lon": None}
        if "modalities" in fix and frame.get("modality") not in a["modalities"]:
            frame["modality"] = (a["modalities"] or [None])[0]
    if a["event_type"] not in LEADERSHIP_TYPES:
        return plain if a["event_type"] else []
    if "roles" in fix:
        return [plain[0] | role for role in _role_rows(fix["roles"], a["subject_company"])] or plain[:1]
    people = [dict(e) | {"event_type": a["event_type"], "pillar": a["pillar"]} for e in state.events if e.get("person")]
    return people or plain[:1]


def corrected_state(state: ArticleState, fix: dict[str, Any]) -> ArticleState:
    """The article's rows with every corrected field set to its corrected value (pure; idempotent)."""
    a = dict(state.article)
    old_subject = a.get("subject_company")
    if "pillars" in fix:
        a["pillar"] = fix["pillars"]["primary"]
        a["pillars"] = [fix["pillars"]["primary"], *fix["pillars"]["secondary"]]
    if "event_type" in fix:
        a["event_type"] = fix["event_type"]
    roles_of = {c["company"]: c.get("role") for c in state.companies}
    names = list(fix["companies"]) if "companies" in fix else [c["company"] for c in state.companies]
    if "subject_company" in fix:
        a["subject_company"] = fix["subject_company"]
    elif a.get("subject_company") not in names:
        a["subject_company"] = None  # the analyst removed the subject from the companies the article names
    subject = a["subject_company"]
    if subject and subject not in names:
        names.insert(0, subject)
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
        by_person = {r["person"]: r for r in _role_rows(fix["roles"], subject)}
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
    if "locations" in fix:
        a["locations"] = list(fix["locations"])
    if "modalities" in fix:
        a["modalities"] = list(fix["modalities"])
    a["locations"] = list(a.get("locations") or [])
    a["modalities"] = list(a.get("modalities") or [])
    events = state.events
    if FRAME_FIELDS & set(fix):
        events = _frames(state, a, fix, old_subject, names)
    return replace(state, article=a, companies=companies, people=people, events=[dict(e) for e in events])


def _read_state(con: duckdb.DuckDBPyConnection, article_id: str) -> ArticleState | None:
    cursor = con.execute(_sql("corrections_article_state"), {"id": article_id})
    names = [d[0] for d in cursor.description]  # type: ignore[union-attr]
    row = cursor.fetchone()
    if row is None:
        return None

    def rows(query: str) -> list[dict[str, Any]]:
        result = con.execute(_sql(query), {"id": article_id})
        columns = [d[0] for d in result.description]  # type: ignore[union-attr]
        return [dict(zip(columns, values, strict=True)) for values in result.fetchall()]

    return ArticleState(article=dict(zip(names, row, strict=True)), companies=rows("corrections_article_companies"),
                        people=rows("corrections_article_people"), events=rows("corrections_article_events"))


def _comparable(state: ArticleState) -> tuple[Any, ...]:
    a = state.article
    return (a["pillar"], list(a["pillars"] or []), a["event_type"], a["subject_company"], a["amount_value"],
            a["amount_currency"], a["amount_usd"], list(a["locations"] or []), list(a["modalities"] or []),
            [(c["company"], c["role"]) for c in state.companies],
            [(p["person"], p["role"], p["company"]) for p in state.people],
            [tuple(e.get(c) for c in EVENT_COLUMNS) for e in state.events])


def _write_state(con: duckdb.DuckDBPyConnection, article_id: str, state: ArticleState, now: datetime) -> None:
    a = state.article
    con.execute(_sql("corrections_update_article"), {
        "id": article_id, "pillar": a["pillar"], "pillars": list(a["pillars"] or []), "event_type": a["event_type"],
        "subject_company": a["subject_company"], "amount_value": a["amount_value"],
        "amount_currency": a["amount_currency"], "amount_usd": a["amount_usd"], "locations": a["locations"],
        "modalities": a["modalities"], "loaded_at": now})
    for child in ("article_companies", "article_people", "events"):
        con.execute(f"DELETE FROM {child} WHERE article_id = $id", {"id": article_id})
    if state.companies:
        con.executemany("INSERT INTO article_companies (article_id, company, is_subject, position, role) "
                        "VALUES (?, ?, ?, ?, ?)",
                        [[article_id, c["company"], c["company"] == a["subject_company"], position, c["role"]]
                         for position, c in enumerate(state.companies)])
    if state.people:
        con.executemany("INSERT INTO article_people (article_id, person, role, company, position) "
                        "VALUES (?, ?, ?, ?, ?)",
                        [[article_id, p["person"], p["role"], p["company"], position]
                         for position, p in enumerate(state.people)])
    if state.events:
        columns = ", ".join(EVENT_COLUMNS)
        con.executemany(f"INSERT INTO events (article_id, position, {columns}) "
                        f"VALUES (?, ?, {', '.join('?' for _ in EVENT_COLUMNS)})",
                        [[article_id, position, *(e.get(c) for c in EVENT_COLUMNS)]
                         for position, e in enumerate(state.events)])


def apply_corrections(con: duckdb.DuckDBPyConnection, latest: dict[str, dict[str, Any]]) -> list[str]:
    """Override the warehouse rows of every corrected article with its corrections in force (article id → field →
    value), in one transaction; returns the ids whose rows changed. Articles not in the warehouse are skipped:
    their corrections apply when they are loaded."""
    if not latest:
        return []
    now = datetime.now(timezone.utc)
    changed: list[str] = []
    con.execute("BEGIN TRANSACTION")
    try:
        for article_id, fix in sorted(latest.items()):
            state = _read_state(con, article_id)
            if state is None:
                continue
            target = corrected_state(state, fix)
            if _comparable(target) != _comparable(state):
                _write_state(con, article_id, target, now)
                changed.append(article_id)
        if changed:
            _refresh_derived(con, changed)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return changed


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
