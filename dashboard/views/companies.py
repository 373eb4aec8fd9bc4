"""Companies: a searchable profile of one company: what it is (type, former names), its events, pillar mix,
timeline, articles; the picker and the ranking can be narrowed to one organisation type."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

from dashboard import drilldown
from dashboard.data_access import (
    article_list,
    article_list_csv,
    company_choices,
    company_events,
    company_events_csv,
    company_pillars,
    company_profile,
    company_ranking,
    company_types,
)
from dashboard.filters import describe
from dashboard.page_context import page_context
from dashboard.regions import country_name
from dashboard.safe_text import escape_markdown
from dashboard.tables import table, total_of
from dashboard.url_state import bind_widget, write_param
from warehouse.money_format import format_usd

PILLARS = ["infrastructure", "digital", "leadership", "other"]
PILLAR_COLOURS = ["#1f77b4", "#9467bd", "#ff7f0e", "#7f7f7f"]
ROWS = 300
LINKED = 10  # most active companies shown as links above the full ranking table
ANY_TYPE = "any type"
TYPE_LABELS = {"cdmo": "CDMO"}


def type_label(org_type: str) -> str:
    return TYPE_LABELS.get(org_type, org_type)


def former_names_text(former: object) -> str | None:
    """"formerly A (until 2025), B" from the `former_names` column (None when there is none)."""
    if not isinstance(former, (list, tuple, np.ndarray)):  # null: not in the knowledge base
        return None
    names = [f"{f['name']} (until {f['until']})" if f.get("until") else str(f["name"]) for f in former]
    return "formerly " + ", ".join(names) if names else None


def pick_type() -> str | None:
    """The organisation type the page is narrowed to (kept in the URL as ?type=), or None for every company."""
    ctx = page_context()
    options = [ANY_TYPE, *company_types(ctx.wh)]
    if len(options) == 1:
        return None
    bind_widget("company-type", "type", ANY_TYPE, options)
    if st.session_state["company-type"] not in options:
        st.session_state["company-type"] = ANY_TYPE
    chosen = st.selectbox("Organisation type", options, key="company-type",
                          format_func=lambda t: t if t == ANY_TYPE else type_label(t),
                          help="What the knowledge base says the organisation is (companies.type).")
    write_param("type", chosen, ANY_TYPE)
    return None if chosen == ANY_TYPE else chosen


def pick_company(org_type: str | None) -> str | None:
    ctx = page_context()
    choices = company_choices(ctx.wh, org_type=org_type)
    names = choices["company"].tolist()
    counts = dict(zip(choices["company"], choices["articles"], strict=True))
    # A ?name= the page did not write itself (a link, a bookmark) picks the company; the picker's own changes
    # are written back to the URL below and must not be undone by it.
    wanted = st.query_params.get("name")
    if "company-name" not in st.session_state or wanted != st.session_state.get("company-name-in-url"):
        st.session_state["company-name"] = wanted if wanted in counts else None
    st.session_state["company-name-in-url"] = wanted
    if st.session_state["company-name"] not in counts:  # a company of another type than the one now chosen
        st.session_state["company-name"] = None
    name = st.selectbox("Company", names, key="company-name",
                        placeholder="Type to search the companies the news names",
                        format_func=lambda n: f"{n} ({counts.get(n, 0):,} articles)")
    write_param("name", name)
    st.session_state["company-name-in-url"] = name
    return name


def show_ranking(org_type: str | None) -> None:
    """Until a company is picked: the period's most active companies, each a link to its profile."""
    ctx = page_context()
    ranking = company_ranking(ctx.wh, ctx.filters.narrowed(companies=()), org_type=org_type)
    if ranking.empty:
        kind = f" of type {escape_markdown(type_label(org_type))}" if org_type else ""
        st.info(f"No company{kind} is a party to any story under these filters. Pick one above to see its profile.")
        return
    st.subheader("Most active companies in the period")
    st.caption("By stories they are a party to (subject or counterparty). Pick one, or open its profile below.")
    for row in ranking.head(LINKED).itertuples():
        st.page_link("views/companies.py", label=f"{escape_markdown(row.company)} · {row.stories} stories",
                     query_params={"name": row.company}, icon=":material/domain:")
    table(ranking, key="company-ranking", file_name="most-active-companies")


def show_profile(name: str) -> None:
    ctx = page_context()
    profile = company_profile(ctx.wh, name)
    st.header(escape_markdown(name))
    if profile.empty:
        st.caption("Named in the news; not in the company dimension yet.")
        return
    row = profile.iloc[0]
    facts = []
    if isinstance(row["type"], str):
        facts.append(f"type: {type_label(row['type'])}")
    if row["hq_country"]:
        facts.append(f"HQ: {country_name(row['hq_country'])}")
    if row["is_cdmo"] is not None and not pd.isna(row["is_cdmo"]):
        facts.append("CDMO" if row["is_cdmo"] else "not a CDMO")
    facts.append("in the knowledge base" if row["in_knowledge_base"] else "not in the knowledge base")
    if pd.notna(row["first_seen_at"]):
        facts.append(f"first seen {pd.Timestamp(row['first_seen_at']):%Y-%m-%d}")
    aliases = [a for a in (row["aliases"] if row["aliases"] is not None else []) if a != name]
    if aliases:
        facts.append("also written " + ", ".join(aliases))
    formerly = former_names_text(row["former_names"])
    if formerly:
        facts.append(formerly)
    if row["parent"]:
        facts.append(f"part of {row['parent']}")
    st.caption(" · ".join(escape_markdown(f) for f in facts))


def show_mix_and_timeline(name: str) -> None:
    ctx = page_context()
    scoped = ctx.filters.narrowed(companies=(name,))
    monthly = company_pillars(ctx.wh, scoped)
    if monthly.empty:
        st.info("No article names this company under these filters.")
        return
    stories, articles = int(monthly["stories"].sum()), int(monthly["articles"].sum())
    announced = float(monthly["announced_usd"].fillna(0).sum())
    left, middle, right = st.columns(3)
    left.metric("Stories", f"{stories:,}")
    middle.metric("Articles", f"{articles:,}")
    right.metric("USD announced as subject", format_usd(announced) or "$0")
    mix = monthly.groupby("pillar", as_index=False)[["stories", "articles"]].sum()
    colour = alt.Color("pillar:N", scale=alt.Scale(domain=[*PILLARS, "unclassified"],
                                                    range=[*PILLAR_COLOURS, "#cccccc"]), title="Pillar")
    mix_column, timeline_column = st.columns([1, 2])
    with mix_column:
        st.markdown("**Pillar mix**")
        chart = alt.Chart(mix).mark_bar().encode(
            x=alt.X("stories:Q", title="Stories", axis=alt.Axis(tickMinStep=1, format="d")),
            y=alt.Y("pillar:N", title=None, sort="-x"), color=colour,
            tooltip=["pillar:N", "stories:Q", "articles:Q"])
        drilldown.drillable(chart, "companies.mix", ["pillar"], height=200)
    with timeline_column:
        st.markdown("**Timeline**")
        monthly = monthly.assign(month_key=pd.to_datetime(monthly["month"]).dt.strftime("%Y-%m-%d"))
        chart = alt.Chart(monthly).mark_bar().encode(
            x=alt.X("yearmonth(month):T", title="Month"),
            y=alt.Y("stories:Q", title="Stories", axis=alt.Axis(tickMinStep=1, format="d")), color=colour,
            tooltip=[alt.Tooltip("month_key:N", title="month"), "pillar:N", "stories:Q"])
        drilldown.drillable(chart, "companies.timeline", ["month_key", "pillar"], height=200)
    st.caption("Click a bar to list its articles.")
    drill = drilldown.current("companies.mix")
    if drill is not None:
        pillar = drill.get("pillar")
        drilldown.show_articles_behind(ctx.wh, f"{name}, {pillar}", scoped.narrowed(pillars=(pillar,)),
                                       key="companies-mix")
    drill = drilldown.current("companies.timeline")
    if drill is not None:
        period = drilldown.drilled_period(drill, "month_key", "month", scoped, pillars=(drill.get("pillar"),))
        if period is None:
            return
        start, narrowed = period
        drilldown.show_articles_behind(ctx.wh, f"{name}, {drill.get('pillar')}, {start:%B %Y}", narrowed,
                                       key="companies-timeline")


def show_events_and_articles(name: str) -> None:
    ctx = page_context()
    scoped = ctx.filters.narrowed(companies=(name,))
    events, articles = st.tabs(["Events", "Articles"])
    with events:
        frames = company_events(ctx.wh, scoped, ROWS)
        if frames.empty:
            st.caption("No event frame with this company under these filters.")
        else:
            table(frames, key="company-events", file_name=f"events-{name}",
                  csv=lambda: company_events_csv(ctx.wh, scoped))
    with articles:
        listed = article_list(ctx.wh, scoped, limit=ROWS)
        if listed.empty:
            st.caption("No article under these filters.")
        else:
            drilldown.article_links(listed, limit=10)
            table(listed, key="company-articles", file_name=f"articles-{name}", total=total_of(listed),
                  csv=lambda: article_list_csv(ctx.wh, scoped))


ctx = page_context()
st.title("Companies")
st.caption(escape_markdown(describe(ctx.filters.narrowed(companies=()))))
org_type = pick_type()
chosen = pick_company(org_type)
if chosen is None:
    show_ranking(org_type)
else:
    show_profile(chosen)
    show_mix_and_timeline(chosen)
    show_events_and_articles(chosen)
