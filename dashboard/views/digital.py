"""Digital: initiatives (launches, partnerships, technologies) by technology and company over time."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from dashboard import drilldown
from dashboard.data_access import (
    EventFacets,
    digital_companies,
    digital_quarterly,
)
from dashboard.filters import describe
from dashboard.frame_table import show_frame_table
from dashboard.page_context import page_context
from dashboard.safe_text import escape_markdown

DIGITAL_TYPES = ("digital_launch", "digital_partnership")
COMPANIES_SHOWN = 20


def technology_frames(technology: str) -> EventFacets:
    # A named technology only appears on digital frames; 'unspecified' must be pinned to the digital types,
    # or every frame without a technology (all the others) would match.
    types = DIGITAL_TYPES if technology == "unspecified" else ()
    return EventFacets(frame_types=types, technologies=(technology,))


def show_quarterly() -> None:
    ctx = page_context()
    quarterly = digital_quarterly(ctx.wh, ctx.filters)
    st.subheader("Initiatives per quarter and technology")
    if quarterly.empty:
        st.info("No digital initiative under these filters.")
        return
    quarterly = quarterly.assign(quarter_key=pd.to_datetime(quarterly["quarter"]).dt.strftime("%Y-%m-%d"))
    chart = alt.Chart(quarterly).mark_bar().encode(
        x=alt.X("yearquarter(quarter):T", title="Quarter"),
        y=alt.Y("initiatives:Q", title="Initiatives", axis=alt.Axis(tickMinStep=1, format="d")),
        color=alt.Color("technology:N", title="Technology"),
        tooltip=[alt.Tooltip("quarter_key:N", title="quarter"), "technology:N", "initiatives:Q"],
    )
    st.caption("Click a bar to list its articles.")
    drilldown.drillable(chart, "digital.quarterly", ["quarter_key", "technology"], height=300)
    drill = drilldown.current("digital.quarterly")
    if drill is not None:
        period = drilldown.drilled_period(drill, "quarter_key", "quarter", ctx.filters)
        if period is None:
            return
        start, narrowed = period
        drilldown.show_articles_behind(ctx.wh, f"{drill.get('technology')}, quarter of {start:%Y-%m-%d}", narrowed,
                                       key="digital-quarterly",
                                       event=technology_frames(drill.get("technology")))


def show_companies() -> None:
    ctx = page_context()
    grid = digital_companies(ctx.wh, ctx.filters, COMPANIES_SHOWN)
    st.subheader(f"Who does what: the {COMPANIES_SHOWN} most active companies")
    if grid.empty:
        st.info("No digital initiative under these filters.")
        return
    chart = alt.Chart(grid).mark_rect().encode(
        x=alt.X("technology:N", title="Technology"),
        y=alt.Y("company:N", title=None, sort=alt.EncodingSortField("initiatives", op="sum", order="descending")),
        color=alt.Color("initiatives:Q", title="Initiatives", scale=alt.Scale(scheme="purples"),
                        legend=alt.Legend(format="d", tickMinStep=1)),
        tooltip=["company:N", "technology:N", "initiatives:Q"],
    )
    st.caption("Click a cell to list its articles.")
    drilldown.drillable(chart, "digital.companies", ["company", "technology"],
                        height=max(200, 24 * grid["company"].nunique()))
    drill = drilldown.current("digital.companies")
    if drill is not None:
        company, technology = drill.get("company"), drill.get("technology")
        drilldown.show_articles_behind(ctx.wh, f"{company}, {technology}",
                                       ctx.filters.narrowed(companies=(company,)), key="digital-companies",
                                       event=technology_frames(technology))


def show_table() -> None:
    show_frame_table("initiatives", "Digital initiatives", "No digital initiative under these filters.",
                     "digital-initiatives")


ctx = page_context()
st.title("Digital")
st.caption(escape_markdown(describe(ctx.filters)))
show_quarterly()
show_companies()
show_table()
