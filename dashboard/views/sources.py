"""Sources: each source's latest health against its own history (broken and degraded first, with the reason),
and one source's figures over its last runs with the health of each run marked.

It reads only `pipeline_runs`, so it also opens on a warehouse that holds no article yet (every source broken
from the first run is exactly when this page is needed).
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from dashboard.data_access import current_db, runs_version, source_latest, source_runs
from dashboard.safe_text import escape_markdown
from dashboard.tables import table
from dashboard.url_state import bind_widget, write_param

HEALTH = ["broken", "degraded", "healthy", "unknown"]
HEALTH_COLOURS = ["#d62728", "#ff7f0e", "#2ca02c", "#7f7f7f"]
RUNS = 30  # runs charted per source
CHARTS = (
    ("articles_found", "Articles found per run", alt.Axis(tickMinStep=1, format="d")),
    ("dated_share", "Share of articles with a date", alt.Axis(format="%")),
    ("median_words", "Median body length (words)", alt.Axis(format="d")),
)
LATEST_COLUMNS = {
    "source": st.column_config.TextColumn("Source"),
    "health": st.column_config.TextColumn("Health"),
    "health_reason": st.column_config.TextColumn("Reason", width="large"),
    "started_at": st.column_config.DatetimeColumn("Last run (UTC)", format="YYYY-MM-DD HH:mm"),
    "status": st.column_config.TextColumn("Crawl status"),
    "articles_found": st.column_config.NumberColumn("Found", format="%d"),
    "articles_new": st.column_config.NumberColumn("New", format="%d"),
    "dated_share": st.column_config.NumberColumn("Dated", format="percent"),
    "median_words": st.column_config.NumberColumn("Median words", format="%.0f"),
}


def show_latest(latest: pd.DataFrame) -> None:
    states = latest["health"].fillna("unknown")
    for column, state in zip(st.columns(3), ("broken", "degraded", "healthy"), strict=True):
        column.metric(state.capitalize(), f"{int((states == state).sum()):,}")
    for row in latest[states.isin(["broken", "degraded"])].itertuples():
        say = st.error if row.health == "broken" else st.warning
        say(f"**{escape_markdown(row.source)}** is {row.health}: {escape_markdown(row.health_reason or row.status)}")
    st.subheader("Latest run of each source")
    table(latest.assign(health=states), key="sources-latest", file_name="source-health", columns=LATEST_COLUMNS)


def health_chart(runs: pd.DataFrame, field: str, title: str, axis: alt.Axis) -> alt.LayerChart:
    base = alt.Chart(runs).encode(x=alt.X("started_at:T", title="Run"))
    line = base.mark_line(color="#bbbbbb").encode(y=alt.Y(f"{field}:Q", title=None, axis=axis))
    points = base.mark_point(filled=True, size=90).encode(
        y=alt.Y(f"{field}:Q"),
        color=alt.Color("health:N", scale=alt.Scale(domain=HEALTH, range=HEALTH_COLOURS), title="Health"),
        shape=alt.Shape("health:N", scale=alt.Scale(domain=HEALTH, range=["cross", "triangle", "circle", "square"]),
                        title="Health"),
        tooltip=[alt.Tooltip("started_at:T", title="run", format="%Y-%m-%d %H:%M"), "health:N",
                 alt.Tooltip("health_reason:N", title="reason"), alt.Tooltip(f"{field}:Q", title=title)],
    )
    return (line + points).properties(title=title, height=220)


def show_history(db: str, version: str, names: list[str]) -> None:
    st.subheader("Over the last runs")
    bind_widget("sources-source", "health_of", names[0], names)
    name = st.selectbox("Source", names, key="sources-source")
    write_param("health_of", name, names[0])  # "source" is the sidebar's filter
    runs = source_runs(db, version, RUNS)
    runs = runs[runs["source"] == name]
    st.caption(f"{len(runs):,} run(s) of {escape_markdown(name)}; each point is one run, coloured by its health. "
               "A gap means the run measured nothing (no article downloaded).")
    for field, title, axis in CHARTS:
        st.altair_chart(health_chart(runs, field, title, axis), width="stretch")


db = current_db()
st.title("Sources")
st.caption("Each source against its own recent history: far fewer articles, fewer dated pages or shorter bodies "
           "than usual make it degraded; nothing fetched, a feed that no longer parses, or runs without an "
           "article make it broken.")
version = runs_version(db)
latest = source_latest(str(db), version)
if latest.empty:
    st.info("No pipeline run is recorded for this warehouse yet: each source's health appears here after "
            "`radar run` (the same table as `radar sources status`).")
else:
    show_latest(latest)
    show_history(str(db), version, latest["source"].tolist())
