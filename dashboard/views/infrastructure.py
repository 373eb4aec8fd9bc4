"""Infrastructure: facility investments on a map, in a table, and as capex by region and modality."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from dashboard import drilldown
from dashboard.data_access import EventFacets, capex, facility_sites, frame_list
from dashboard.filters import describe
from dashboard.frame_table import TABLE_ROWS, show_frame_table
from dashboard.page_context import page_context
from dashboard.regions import region_of
from dashboard.safe_text import escape_markdown
from dashboard.tables import total_of

FACILITY_TYPES = ("facility_opening", "facility_investment", "capacity_expansion", "site_acquisition")
WORLD_URL = "/app/static/countries-110m.json"  # dashboard/static/, served by `radar dashboard`
UNKNOWN = "Unknown"  # the region dashboard_capex.sql gives a site with no country


def show_map() -> None:
    ctx = page_context()
    sites = facility_sites(ctx.wh, ctx.filters)
    listed = frame_list(ctx.wh, ctx.filters, "facilities", TABLE_ROWS)
    total = total_of(listed)
    st.subheader("Where capacity is being built")
    placed = int(sites["investments"].sum()) if len(sites) else 0
    if total and placed < total:
        st.caption(f"{total - placed:,} of {total:,} facility investments have no coordinates yet "
                   "(their place is not geocoded): they are in the table below, not on the map.")
    if sites.empty:
        st.info("No geocoded facility investment under these filters.")
        return
    sites = sites.assign(
        amount_musd=sites["amount_usd"].fillna(0) / 1e6,
        companies_text=sites["companies"].map(lambda names: ", ".join(names) if names is not None else ""),
        region=sites["country"].map(region_of),
    ).drop(columns=["companies"])
    base = alt.Chart(alt.topo_feature(WORLD_URL, "countries"))
    land = base.mark_geoshape(fill="#eceff1", stroke="#b0bec5", strokeWidth=0.5)
    bubbles = alt.Chart(sites).mark_circle(stroke="#0d47a1", strokeWidth=0.6, color="#1e88e5").encode(
        longitude="lon:Q", latitude="lat:Q",
        size=alt.Size("amount_musd:Q", title="Announced (USD m)", scale=alt.Scale(range=[30, 1500])),
        tooltip=[alt.Tooltip("site:N"), alt.Tooltip("country:N"), alt.Tooltip("companies_text:N", title="companies"),
                 alt.Tooltip("investments:Q"), alt.Tooltip("amount_musd:Q", title="USD m", format=",.0f")],
    )
    pick = alt.selection_point(name=drilldown.SELECTION, fields=["site"], on="click", clear="dblclick")
    bubbles = bubbles.add_params(pick).encode(opacity=alt.condition(pick, alt.value(0.85), alt.value(0.35)))
    chart = alt.layer(land, bubbles).project("equalEarth").properties(height=420)
    st.caption("Bubble size: USD announced. Click a site to list its articles.")
    st.altair_chart(chart, key=drilldown.chart_key("infrastructure.map"), on_select=lambda: drilldown.on_pick(
        "infrastructure.map", ["site"]), selection_mode=drilldown.SELECTION, width="stretch")
    drill = drilldown.current("infrastructure.map")
    if drill is not None:
        drilldown.show_articles_behind(ctx.wh, drill.get("site"), ctx.filters, key="infrastructure-map",
                                       event=EventFacets(frame_types=FACILITY_TYPES,
                                                         locations=(drill.get("site"),)))


def show_table() -> None:
    show_frame_table("facilities", "Facility investments", "No facility investment under these filters.",
                     "facility-investments",
                     columns=("dated_at", "date_is_first_seen", "company", "site", "country", "amount_usd", "modality",
                              "capacity", "event_type", "source", "title", "url", "article_id", "total"))


def show_capex() -> None:
    ctx = page_context()
    figures = capex(ctx.wh, ctx.filters)
    st.subheader("Capex announced per quarter")
    if figures.empty:
        st.info("No facility investment under these filters.")
        return
    figures = figures.assign(quarter_key=pd.to_datetime(figures["quarter"]).dt.strftime("%Y-%m-%d"),
                             amount_musd=figures["amount_usd"].fillna(0) / 1e6)
    for column, (dimension, title) in zip(st.columns(2), (("region", "By region"), ("modality", "By modality")),
                                          strict=True):
        with column:
            st.markdown(f"**{title}**")
            rows = figures[figures["dimension"] == dimension]
            chart = alt.Chart(rows).mark_bar().encode(
                x=alt.X("yearquarter(quarter):T", title="Quarter"),
                y=alt.Y("amount_musd:Q", title="USD m"),
                color=alt.Color("key:N", title=dimension.capitalize()),
                tooltip=[alt.Tooltip("quarter_key:N", title="quarter"), alt.Tooltip("key:N", title=dimension),
                         alt.Tooltip("amount_musd:Q", title="USD m", format=",.0f"), "investments:Q"],
            )
            drilldown.drillable(chart, f"infrastructure.capex.{dimension}", ["quarter_key", "key"], height=300)
    for dimension in ("region", "modality"):
        drill = drilldown.current(f"infrastructure.capex.{dimension}")
        if drill is None:
            continue
        period = drilldown.drilled_period(drill, "quarter_key", "quarter", ctx.filters)
        if period is None:
            continue
        start, narrowed = period
        key = drill.get("key")
        if dimension == "region":
            # 'Unknown' is the capex of sites with no country; a region stands for its countries' codes.
            codes = ("unspecified",) if key == UNKNOWN else tuple(c for c in ctx.wh.countries if region_of(c) == key)
            event = EventFacets(frame_types=FACILITY_TYPES, frame_countries=codes)
        else:
            event = EventFacets(frame_types=FACILITY_TYPES, frame_modalities=(key,))
        drilldown.show_articles_behind(ctx.wh, f"{key}, quarter of {start:%Y-%m-%d}", narrowed,
                                       key=f"infrastructure-{dimension}", event=event)


ctx = page_context()
st.title("Infrastructure")
st.caption(escape_markdown(describe(ctx.filters)))
show_map()
show_capex()
show_table()
