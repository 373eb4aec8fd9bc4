"""Overview: the period's KPIs against the previous period, pillar trends, and what is gaining momentum."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from dashboard import drilldown
from dashboard.data_access import kpis, momentum_counts, pillar_trend, recent_start
from dashboard.filters import Filters, describe
from dashboard.momentum import momentum
from dashboard.page_context import page_context
from dashboard.periods import iso_week_label
from dashboard.regions import country_name
from dashboard.safe_text import escape_markdown
from dashboard.url_state import bind_widget, write_param
from warehouse.money_format import format_usd

PILLARS = ["infrastructure", "digital", "leadership", "other"]
PILLAR_COLOURS = ["#1f77b4", "#9467bd", "#ff7f0e", "#7f7f7f"]
GRAINS = ("week", "month")
COUNT_AXIS = alt.Axis(tickMinStep=1, format="d")
DIMENSIONS = {"company": "Companies", "modality": "Modalities", "region": "Regions"}


def money(value: float) -> str:
    return format_usd(value) or "$0"


def change(current: float, previous: float) -> str | None:
    if previous == 0:
        return None if current == 0 else "new"
    return f"{(current - previous) / previous:+.0%}"


def show_kpis(figures: pd.DataFrame, filters: Filters) -> None:
    current, previous = figures.loc["current"], figures.loc["previous"]
    before = filters.previous()
    versus = f"Against {before.start:%Y-%m-%d} to {before.end:%Y-%m-%d}"
    cells = [
        ("Stories", "stories", lambda v: f"{int(v):,}", "Distinct stories (syndicated copies count once)."),
        ("Facility investment announced", "facility_usd", money,
         "USD announced in facility openings, investments, expansions and site acquisitions (per story)."),
        ("Leadership moves", "leadership_moves", lambda v: f"{int(v):,}",
         "Appointments and departures (per story and person)."),
        ("Digital launches", "digital_launches", lambda v: f"{int(v):,}",
         "Stories of digital launches and digital partnerships."),
    ]
    for column, (label, name, shown, explained) in zip(st.columns(len(cells)), cells, strict=True):
        column.metric(label, shown(current[name]), delta=change(float(current[name]), float(previous[name])),
                      help=f"{explained} {versus}: {shown(previous[name])}.")


def show_trend(filters: Filters) -> None:
    ctx = page_context()
    st.subheader("Stories per pillar")
    bind_widget("overview-grain", "grain", "week", GRAINS)
    grain = st.segmented_control("Granularity", GRAINS, key="overview-grain") or "week"
    write_param("grain", grain, "week")
    trend = pillar_trend(ctx.wh, filters, grain)
    if trend.empty:
        st.info("No article in this period.")
        return
    periods = pd.to_datetime(trend["period"])
    trend = trend.assign(period_key=periods.dt.strftime("%Y-%m-%d"))
    if grain == "week":
        # ISO year-week labels, as the digest names weeks (Vega-Lite's own week unit counts from Sunday: "W00").
        trend = trend.assign(period_label=[iso_week_label(day) for day in periods])
        x_axis = alt.X("period_label:O", title="ISO week", sort=alt.SortField("period_key"),
                       axis=alt.Axis(labelOverlap=True, labelAngle=-45))
    else:
        x_axis = alt.X("yearmonth(period):T", title=grain.capitalize())
    chart = alt.Chart(trend).mark_bar().encode(
        x=x_axis,
        y=alt.Y("stories:Q", title="Stories", axis=COUNT_AXIS),
        color=alt.Color("pillar:N", scale=alt.Scale(domain=PILLARS, range=PILLAR_COLOURS), title="Pillar"),
        tooltip=[alt.Tooltip("period_key:N", title=grain), "pillar:N", "stories:Q", "articles:Q"],
    )
    st.caption("Click a bar to list its articles.")
    drilldown.drillable(chart, "overview.trend", ["period_key", "pillar"], height=320)
    drill = drilldown.current("overview.trend")
    if drill is not None:
        period = drilldown.drilled_period(drill, "period_key", grain, filters, pillars=(drill.get("pillar"),))
        if period is None:
            return
        start, narrowed = period
        drilldown.show_articles_behind(ctx.wh, f"{drill.get('pillar')}, {grain} of {start:%Y-%m-%d}", narrowed,
                                       key="overview-trend")


def _narrow_to(filters: Filters, dimension: str, key: str) -> Filters:
    start = recent_start(filters)
    if dimension == "company":
        return filters.narrowed(start=start, companies=(key,))
    if dimension == "modality":
        return filters.narrowed(start=start, modalities=(key,))
    return filters.narrowed(start=start, places=(key,))


def show_momentum(filters: Filters) -> None:
    ctx = page_context()
    recent = recent_start(filters)
    st.subheader("Momentum")
    st.caption(f"Stories since {recent:%Y-%m-%d} against each one's own rate from {filters.start:%Y-%m-%d}. "
               "Click a bar to list the recent articles.")
    recent_days = (filters.end - recent).days + 1
    risers = momentum(momentum_counts(ctx.wh, filters), recent_days, filters.days - recent_days)
    for column, (dimension, heading) in zip(st.columns(len(DIMENSIONS)), DIMENSIONS.items(), strict=True):
        with column:
            st.markdown(f"**{heading}**")
            rows = risers[risers["dimension"] == dimension].copy()
            if rows.empty:
                st.caption("Nothing rose above its baseline.")
                continue
            rows["label"] = rows["key"].str.replace("_", " ") if dimension == "modality" else rows["key"]
            chart = alt.Chart(rows).mark_bar(color="#2a9d8f").encode(
                x=alt.X("score:Q", title="Rise (z-score)"),
                y=alt.Y("label:N", sort="-x", title=None),
                tooltip=[alt.Tooltip("label:N", title=dimension), alt.Tooltip("recent:Q", title="recent stories"),
                         alt.Tooltip("expected:Q", title="expected from baseline", format=".1f"),
                         alt.Tooltip("lift:Q", title="lift", format=".1f")],
            )
            drilldown.drillable(chart, f"overview.momentum.{dimension}", ["key"], height=260)
    for dimension in DIMENSIONS:
        drill = drilldown.current(f"overview.momentum.{dimension}")
        if drill is not None:
            key = drill.get("key")
            label = country_name(key) if dimension == "region" else key
            drilldown.show_articles_behind(ctx.wh, f"{label} since {recent:%Y-%m-%d}",
                                           _narrow_to(filters, dimension, key), key=f"overview-{dimension}")


ctx = page_context()
st.title("Overview")
st.caption(escape_markdown(describe(ctx.filters)))
show_kpis(kpis(ctx.wh, ctx.filters), ctx.filters)
show_trend(ctx.filters)
show_momentum(ctx.filters)
