"""Leadership: appointments and departures over time, by company and role."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from dashboard import drilldown
from dashboard.data_access import (
    EventFacets,
    leadership_monthly,
    leadership_timeline,
)
from dashboard.dates import date_label
from dashboard.filters import describe
from dashboard.frame_table import show_frame_table
from dashboard.page_context import page_context
from dashboard.safe_text import escape_markdown

LEADERSHIP_TYPES = ("executive_appointment", "executive_departure")
ACTIONS = ["appointed", "departed"]
ACTION_COLOURS = ["#2a9d8f", "#e76f51"]
COMPANIES_SHOWN = 15
POINTS_SHOWN = 600


def show_monthly() -> None:
    ctx = page_context()
    monthly = leadership_monthly(ctx.wh, ctx.filters)
    st.subheader("Moves per month and role")
    if monthly.empty:
        st.info("No appointment or departure under these filters.")
        return
    # Departures below the axis, appointments above: the balance of each month reads at a glance.
    monthly = monthly.assign(month_key=pd.to_datetime(monthly["month"]).dt.strftime("%Y-%m-%d"),
                             signed=monthly["moves"].where(monthly["action"] != "departed", -monthly["moves"]))
    chart = alt.Chart(monthly).mark_bar().encode(
        x=alt.X("yearmonth(month):T", title="Month"),
        y=alt.Y("signed:Q", title="Moves (departures below zero)", axis=alt.Axis(tickMinStep=1, format="d")),
        color=alt.Color("role:N", title="Role"),
        tooltip=[alt.Tooltip("month_key:N", title="month"), "role:N", "action:N", "moves:Q"],
    )
    st.caption("Click a bar to list its articles.")
    drilldown.drillable(chart, "leadership.monthly", ["month_key", "role", "action"], height=300)
    drill = drilldown.current("leadership.monthly")
    if drill is not None:
        period = drilldown.drilled_period(drill, "month_key", "month", ctx.filters)
        if period is None:
            return
        start, narrowed = period
        event = EventFacets(frame_types=LEADERSHIP_TYPES, roles=(drill.get("role"),), actions=(drill.get("action"),))
        drilldown.show_articles_behind(ctx.wh, f"{drill.get('role')} {drill.get('action')}, {start:%B %Y}",
                                       narrowed, key="leadership-monthly", event=event)


def show_timeline() -> None:
    ctx = page_context()
    points = leadership_timeline(ctx.wh, ctx.filters, COMPANIES_SHOWN, POINTS_SHOWN)
    st.subheader(f"Timeline at the {COMPANIES_SHOWN} companies with the most moves")
    if points.empty:
        st.info("No appointment or departure under these filters.")
        return
    points = points.assign(person=points["person"].fillna("(unnamed)"),
                           date=[date_label(v, f) for v, f in zip(points["dated_at"], points["date_is_first_seen"],
                                                                   strict=True)])
    chart = alt.Chart(points).mark_point(filled=True, size=90).encode(
        x=alt.X("dated_at:T", title="Date"),
        y=alt.Y("company:N", title=None, sort=alt.EncodingSortField("dated_at", op="count", order="descending")),
        color=alt.Color("action:N", scale=alt.Scale(domain=ACTIONS, range=ACTION_COLOURS), title="Move"),
        shape=alt.Shape("role:N", title="Role"),
        tooltip=["person:N", "role:N", "action:N", "company:N", alt.Tooltip("date:N", title="date")],
    )
    if len(points) == POINTS_SHOWN:
        st.caption(f"The latest {POINTS_SHOWN} moves; narrow the period to see earlier ones.")
    st.caption("Click a point to open its article.")
    drilldown.drillable(chart, "leadership.timeline", ["article_id"], height=max(220, 28 * points["company"].nunique()))
    drill = drilldown.current("leadership.timeline")
    if drill is not None:
        chosen = points[points["article_id"] == drill.get("article_id")]
        with st.container(border=True):
            if chosen.empty:
                st.caption("That move is not under the current filters.")
            else:
                move = chosen.iloc[0]
                st.markdown(f"**{escape_markdown(move['person'])}**, {escape_markdown(move['role'])}, "
                            f"{escape_markdown(move['action'])} at {escape_markdown(move['company'])}")
                drilldown.article_links(chosen.rename(columns={"article_id": "id"}).assign(
                    source="", subject_company=chosen["company"]).head(1))


def show_table() -> None:
    show_frame_table("moves", "Appointments and departures", "No appointment or departure under these filters.",
                     "leadership-moves")


ctx = page_context()
st.title("Leadership")
st.caption(escape_markdown(describe(ctx.filters)))
show_monthly()
show_timeline()
show_table()
