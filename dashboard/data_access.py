"""The dashboard's queries: named SQL files run through the warehouse's read path, cached by Streamlit.

Every cached function takes a `Warehouse` whose `version` is the published file's inode, size and mtime, so
the first rerun after a load publishes a new file misses the cache and reads the new data; until then the
cache answers and the file is not opened at all.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import streamlit as st

from dashboard.filters import Facets, Filters, utc_bounds
from dashboard.regions import countries_for, region_lists
from dashboard.safe_text import safe_url
from warehouse.connection import db_path
from warehouse.ops_store import ops_state
from warehouse.read import named_query, read_frame
from warehouse.text_safety import safe_csv

CACHE = {"max_entries": 256, "show_spinner": False}
EVERYTHING = 100_000_000  # the row limit of a full CSV download


@dataclass(frozen=True)
class Warehouse:
    path: str
    version: str  # inode-size-mtime of the published file: a new publish is a new version
    countries: tuple[str, ...] = ()  # the countries it holds, to expand a region into country codes
    materialized: bool = True  # whether search.facets is built (else its query runs inline)


@dataclass(frozen=True)
class EventFacets:
    """What a drill-down may add to the sidebar filters: an event frame the article must have.

    Each field lists the accepted values ('unspecified' stands for a missing one); empty means any.
    """

    frame_types: tuple[str, ...] = ()
    locations: tuple[str, ...] = ()
    frame_countries: tuple[str, ...] = ()
    frame_modalities: tuple[str, ...] = ()
    technologies: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    actions: tuple[str, ...] = ()

    def params(self) -> dict[str, Any]:
        values = {name: list(getattr(self, name)) for name in self.__dataclass_fields__}
        return values | {"by_frame": any(values.values())}


def current_db() -> Path:
    return db_path()


def db_version(db: Path) -> str:
    stat = os.stat(db)
    return f"{stat.st_ino}-{stat.st_size}-{stat.st_mtime_ns}"


def filtered_query(filters: Filters, known_countries: tuple[str, ...], *names: str,
                   materialized: bool = True) -> tuple[str, dict[str, Any]]:
    """`WITH facets AS (…), filtered AS (…)` followed by the named query files, and the bind parameters.

    `facets` is the table search.facets when the warehouse has it (it is built after each load), else its
    defining query, which gives the same rows, slower.
    """
    start, end = utc_bounds(filters)
    params: dict[str, Any] = {
        "start": start, "end": end, "pillars": list(filters.pillars), "event_types": list(filters.event_types),
        "companies": list(filters.companies), "countries": list(countries_for(filters.places, list(known_countries))),
        "modalities": list(filters.modalities), "sources": list(filters.sources),
    }
    sql = "\n".join([facets_source(materialized) + ",", named_query("dashboard_filtered"),
                     *(named_query(name) for name in names)])
    if filters.places and not params["countries"]:
        params["countries"] = ["-"]  # a region with no country in the warehouse selects nothing
    return sql, params


def _filtered(wh: Warehouse, filters: Filters, names: tuple[str, ...], **params: Any) -> pd.DataFrame:
    sql, bound = filtered_query(filters, wh.countries, *names, materialized=wh.materialized)
    return read_frame(Path(wh.path), sql, bound | params)


def _regions(wh: Warehouse) -> dict[str, list[str]]:
    countries, regions = region_lists(list(wh.countries))
    return {"region_countries": countries, "region_names": regions}


def facets_source(materialized: bool) -> str:
    """The CTE `facets` the dashboard reads: the table when built, else its defining query."""
    inline = "SELECT *, NULL::BIGINT AS docno, NULL::INTEGER AS doc_len FROM (\n" + named_query("search_facets") + "\n)"
    return "WITH facets AS (\n" + ("SELECT * FROM search.facets" if materialized else inline) + "\n)"


@st.cache_data(**CACHE)
def facets(db: str, version: str) -> Facets:
    if facet_table_ready(db, version):
        sql = "SELECT * FROM search.facet_choices"
    else:
        sql = facets_source(False) + "\n" + named_query("search_facet_choices")
    row = read_frame(Path(db), sql).iloc[0]

    def listed(name: str) -> tuple[str, ...]:
        value = row[name]
        return tuple(str(v) for v in value) if isinstance(value, (list, tuple, np.ndarray)) else ()

    def day(name: str) -> date | None:
        return pd.Timestamp(row[name]).date() if pd.notna(row[name]) else None

    return Facets(first_day=day("first_day"), last_day=day("last_day"), sources=listed("sources"),
                  pillars=listed("pillars"), event_types=listed("event_types"), modalities=listed("modalities"),
                  companies=listed("companies"), countries=listed("countries"))


@st.cache_data(**CACHE)
def kpis(wh: Warehouse, filters: Filters) -> pd.DataFrame:
    """One row per period ('current', 'previous') with the Overview's four KPIs."""
    both = filters.narrowed(start=filters.previous().start)
    split, _ = utc_bounds(filters)
    return _filtered(wh, both, ("dashboard_kpis",), split=split).set_index("period")


@st.cache_data(**CACHE)
def pillar_trend(wh: Warehouse, filters: Filters, grain: str) -> pd.DataFrame:
    return _filtered(wh, filters, ("dashboard_pillar_trend",), grain=grain)


def recent_start(filters: Filters) -> date:
    """Momentum compares the last 13 weeks (the second half of a period shorter than 26 weeks) with before."""
    days = 91 if filters.days >= 182 else max(1, filters.days // 2)
    return filters.end - timedelta(days=days - 1)


@st.cache_data(**CACHE)
def momentum_counts(wh: Warehouse, filters: Filters) -> pd.DataFrame:
    recent = datetime.combine(recent_start(filters), time.min, timezone.utc)
    return _filtered(wh, filters, ("dashboard_momentum",), recent=recent, **_regions(wh))


def article_list(wh: Warehouse, filters: Filters, event: EventFacets | None = None,
                 limit: int = 20) -> pd.DataFrame:
    return _cached_article_list(wh, filters, event or EventFacets(), limit)


def article_list_csv(wh: Warehouse, filters: Filters, event: EventFacets | None = None) -> str:
    """Every article of that list as CSV, read when the download is asked for (and never cached: it can be
    the whole warehouse)."""
    frame = _filtered(wh, filters, ("dashboard_articles",), limit=EVERYTHING, **(event or EventFacets()).params())
    return safe_csv(frame.drop(columns=["total"]).assign(url=frame["url"].map(safe_url)))


@st.cache_data(**CACHE)
def _cached_article_list(wh: Warehouse, filters: Filters, event: EventFacets, limit: int) -> pd.DataFrame:
    return _filtered(wh, filters, ("dashboard_articles",), limit=limit, **event.params())


FRAMES = {"facilities": "dashboard_facilities_frames", "moves": "dashboard_leadership_frames",
          "initiatives": "dashboard_digital_frames"}
LISTS = {"facilities": "dashboard_facility_list", "moves": "dashboard_leadership_list",
         "initiatives": "dashboard_digital_list"}


@st.cache_data(**CACHE)
def frame_list(wh: Warehouse, filters: Filters, kind: str, limit: int) -> pd.DataFrame:
    """The newest `limit` facility investments, leadership moves or digital initiatives, with a `total`."""
    return _filtered(wh, filters, (FRAMES[kind], LISTS[kind]), limit=limit)


def frame_list_csv(wh: Warehouse, filters: Filters, kind: str) -> str:
    """Every row of that list as CSV; run when the download is asked for, not on each render."""
    frame = _filtered(wh, filters, (FRAMES[kind], LISTS[kind]), limit=EVERYTHING)
    return safe_csv(frame.drop(columns=["total"]).assign(url=frame["url"].map(safe_url)))


@st.cache_data(**CACHE)
def facility_sites(wh: Warehouse, filters: Filters) -> pd.DataFrame:
    return _filtered(wh, filters, (FRAMES["facilities"], "dashboard_facility_sites"))


@st.cache_data(**CACHE)
def capex(wh: Warehouse, filters: Filters) -> pd.DataFrame:
    return _filtered(wh, filters, (FRAMES["facilities"], "dashboard_capex"), **_regions(wh))


@st.cache_data(**CACHE)
def leadership_monthly(wh: Warehouse, filters: Filters) -> pd.DataFrame:
    return _filtered(wh, filters, (FRAMES["moves"], "dashboard_leadership_monthly"))


@st.cache_data(**CACHE)
def leadership_timeline(wh: Warehouse, filters: Filters, companies_shown: int, limit: int) -> pd.DataFrame:
    return _filtered(wh, filters, (FRAMES["moves"], "dashboard_leadership_timeline"),
                     companies_shown=companies_shown, limit=limit)


@st.cache_data(**CACHE)
def digital_quarterly(wh: Warehouse, filters: Filters) -> pd.DataFrame:
    return _filtered(wh, filters, (FRAMES["initiatives"], "dashboard_digital_quarterly"))


@st.cache_data(**CACHE)
def digital_companies(wh: Warehouse, filters: Filters, companies_shown: int) -> pd.DataFrame:
    return _filtered(wh, filters, (FRAMES["initiatives"], "dashboard_digital_companies"),
                     companies_shown=companies_shown)


@st.cache_data(**CACHE)
def company_choices(wh: Warehouse, limit: int = 5000, org_type: str | None = None) -> pd.DataFrame:
    """Companies the news names, most-named first; `org_type` keeps one knowledge-base type (None: all)."""
    return read_frame(Path(wh.path), named_query("dashboard_company_list"), {"limit": limit, "type": org_type})


@st.cache_data(**CACHE)
def company_types(wh: Warehouse) -> list[str]:
    """The knowledge-base types of the companies the news names (none on a warehouse loaded before the column
    existed: its next publish adds it)."""
    try:
        return read_frame(Path(wh.path), named_query("dashboard_company_types"))["type"].tolist()
    except duckdb.BinderException:
        return []


@st.cache_data(**CACHE)
def kb_queue(wh: Warehouse, limit: int = 500, examples: int = 3) -> pd.DataFrame:
    """Organisations enrichment kept but the knowledge base did not know: articles naming them, last seen, and
    the newest `examples` articles. Empty on a warehouse loaded before the column that records it existed."""
    try:
        return read_frame(Path(wh.path), named_query("dashboard_kb_queue"), {"limit": limit, "examples": examples})
    except duckdb.BinderException:
        return pd.DataFrame(columns=["company", "articles", "last_seen", "examples"])


@st.cache_data(**CACHE)
def company_profile(wh: Warehouse, company: str) -> pd.DataFrame:
    return read_frame(Path(wh.path), named_query("dashboard_company_profile"), {"company": company})


@st.cache_data(**CACHE)
def company_ranking(wh: Warehouse, filters: Filters, limit: int = 50, org_type: str | None = None) -> pd.DataFrame:
    return _filtered(wh, filters, ("dashboard_company_ranking",), limit=limit, type=org_type)


@st.cache_data(**CACHE)
def company_pillars(wh: Warehouse, filters: Filters) -> pd.DataFrame:
    return _filtered(wh, filters, ("dashboard_company_pillars",))


@st.cache_data(**CACHE)
def company_events(wh: Warehouse, filters: Filters, limit: int) -> pd.DataFrame:
    return _filtered(wh, filters, ("dashboard_company_events",), limit=limit)


def company_events_csv(wh: Warehouse, filters: Filters) -> str:
    frame = _filtered(wh, filters, ("dashboard_company_events",), limit=EVERYTHING)
    return safe_csv(frame.assign(url=frame["url"].map(safe_url)))


@st.cache_data(**CACHE)
def facet_table_ready(db: str, version: str) -> bool:
    return bool(read_frame(Path(db), named_query("dashboard_facets_ready")).iloc[0]["ready"])


@st.cache_data(**CACHE)
def search_ready(wh: Warehouse) -> bool:
    return bool(read_frame(Path(wh.path), named_query("dashboard_search_ready")).iloc[0]["ready"])


@st.cache_data(**CACHE)
def search(wh: Warehouse, filters: Filters, query: str, limit: int) -> pd.DataFrame:
    return _filtered(wh, filters, ("dashboard_search",), query=query, limit=limit)


@st.cache_data(**CACHE)
def article(wh: Warehouse, article_id: str) -> dict[str, pd.DataFrame]:
    """Everything the Article page shows about one article, by part (`article` is empty when unknown)."""
    parts = {"article": "dashboard_article", "entities": "dashboard_article_entities",
             "events": "dashboard_article_events", "parties": "dashboard_article_parties",
             "copies": "dashboard_article_copies"}
    return {part: read_frame(Path(wh.path), named_query(name), {"id": article_id}) for part, name in parts.items()}


def runs_version(db: Path) -> str:
    """The warehouse's version and the operational store's: a run logged since changes it (pipeline_runs lives
    beside the warehouse, so the warehouse file alone does not say when a run was added)."""
    return f"{db_version(db)}|{ops_state(db)}"


@st.cache_data(**CACHE)
def source_latest(db: str, version: str) -> pd.DataFrame:
    """Each source's latest run and health, broken and degraded first (`version`: runs_version)."""
    return read_frame(Path(db), named_query("dashboard_sources_latest"))


@st.cache_data(**CACHE)
def source_runs(db: str, version: str, runs: int) -> pd.DataFrame:
    """The last `runs` runs of every source, oldest first."""
    return read_frame(Path(db), named_query("dashboard_sources_runs"), {"runs": runs})
