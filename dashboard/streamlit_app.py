"""cdmo-radar dashboard, first page: weekly pillar trend and a filterable article list."""

from __future__ import annotations

import sys
from pathlib import Path

# `streamlit run` executes this file as a script; make the project importable when it is not installed.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import altair as alt  # noqa: E402
import streamlit as st  # noqa: E402

from dashboard.data_access import article_list, current_db, date_bounds, pillar_weekly  # noqa: E402

PILLARS = ["infrastructure", "digital", "leadership", "other"]
PILLAR_COLOURS = ["#1f77b4", "#9467bd", "#ff7f0e", "#7f7f7f"]

st.set_page_config(page_title="cdmo-radar", layout="wide")
st.title("cdmo-radar")
st.caption("Infrastructure, digital and leadership signals from CDMO industry news")

db = current_db()
if not db.exists():
    st.info(f"No warehouse at {db} yet. Run `radar demo` or `radar run` first.")
    st.stop()

first, last, sources = date_bounds(str(db))
if first is None:
    st.info("The warehouse holds no dated articles yet.")
    st.stop()

with st.sidebar:
    st.header("Filters")
    period = st.date_input("Published between", value=(first, last), min_value=first, max_value=last,
                           key="period")
    start, end = (period if isinstance(period, tuple) and len(period) == 2 else (first, last))
    chosen_pillars = st.multiselect("Pillar", PILLARS, key="pillars")
    chosen_sources = st.multiselect("Source", sources, key="sources")
    search = st.text_input("Title or company contains", key="search")

weekly = pillar_weekly(str(db), start, end)
st.subheader("Stories per week and pillar")
if weekly.empty:
    st.write("No articles in this period.")
else:
    shown = weekly[weekly["pillar"].isin(chosen_pillars)] if chosen_pillars else weekly
    chart = (
        alt.Chart(shown)
        .mark_bar()
        .encode(
            x=alt.X("week:T", title="Week"),
            y=alt.Y("stories:Q", title="Stories"),
            color=alt.Color("pillar:N", scale=alt.Scale(domain=PILLARS, range=PILLAR_COLOURS)),
            tooltip=["week:T", "pillar:N", "stories:Q", "articles:Q"],
        )
    )
    st.altair_chart(chart, width="stretch")
    totals = shown.groupby("pillar")["stories"].sum().reindex(PILLARS).fillna(0).astype(int)
    for column, (pillar, count) in zip(st.columns(len(PILLARS)), totals.items(), strict=True):
        column.metric(pillar, int(count))

articles = article_list(str(db), start, end, tuple(chosen_pillars), tuple(chosen_sources), search.strip())
st.subheader(f"Articles ({len(articles)})")
st.dataframe(
    articles.drop(columns=["id"]),
    hide_index=True,
    width="stretch",
    column_config={
        "url": st.column_config.LinkColumn("Source link"),
        "amount_usd": st.column_config.NumberColumn("Amount (USD)", format="$%.0f"),
        "published_at": st.column_config.DatetimeColumn("Published", format="YYYY-MM-DD"),
    },
)
