"""Article: the text, what the enrichment found in it, the other copies of its story, and analysts' corrections."""

from __future__ import annotations

import json
from pathlib import Path

import altair as alt
import pandas as pd
import streamlit as st

from dashboard import drilldown
from dashboard.analyst import SESSION_KEY, edit_rights
from dashboard.correction_form import article_trail, show_corrected, show_corrections, show_saved
from dashboard.data_access import article
from dashboard.dates import FIRST_SEEN
from dashboard.page_context import page_context
from dashboard.safe_text import escape_markdown, safe_url
from dashboard.tables import table

PILLARS = ["infrastructure", "digital", "leadership", "other"]


def _when(value: object) -> str:
    return pd.Timestamp(value).strftime("%Y-%m-%d %H:%M UTC") if value is not None and pd.notna(value) else "undated"


def _dated(row: pd.Series) -> str:
    """The publication time, else when the crawler first saw the page, flagged (the page carried no date)."""
    if row["published_at"] is not None and pd.notna(row["published_at"]):
        return _when(row["published_at"])
    if row["fetched_at"] is not None and pd.notna(row["fetched_at"]):
        return _when(row["fetched_at"]) + FIRST_SEEN
    return "undated"


def _listed(value: object) -> list[str]:
    return [str(v) for v in value] if value is not None and not isinstance(value, float) else []


def show_header(row: pd.Series) -> None:
    st.header(escape_markdown(row["title"]) or "(untitled)")
    byline = [row["source"], _dated(row), row["author"], row["lang"]]
    st.caption(" · ".join(escape_markdown(str(part)) for part in byline if part is not None and not pd.isna(part)))
    link = safe_url(row["url"])
    if link:
        st.link_button("Read it at the source", link, icon=":material/open_in_new:")
    else:
        st.caption("The source address is not a web link, so it is not offered as one.")
    cells = [("Pillar", row["pillar"] or "unclassified"), ("Event", (row["event_type"] or "none").replace("_", " ")),
             ("Subject company", row["subject_company"] or "none"),
             ("Amount (USD)", f"${row['amount_usd']:,.0f}" if pd.notna(row["amount_usd"]) else "none")]
    for column, (label, value) in zip(st.columns(len(cells)), cells, strict=True):
        column.metric(label, escape_markdown(str(value)))


def show_text(row: pd.Series) -> None:
    for paragraph in str(row["text"] or "").split("\n"):
        if paragraph.strip():
            st.markdown(escape_markdown(paragraph))


def show_scores(row: pd.Series) -> None:
    scores = json.loads(row["pillar_scores"]) if row["pillar_scores"] else {}
    if scores:
        frame = pd.DataFrame({"pillar": list(scores), "score": [float(v) for v in scores.values()]})
        chosen = set(_listed(row["pillars"]))
        frame["assigned"] = frame["pillar"].map(lambda p: "assigned" if p in chosen else "not assigned")
        chart = alt.Chart(frame).mark_bar().encode(
            x=alt.X("score:Q", scale=alt.Scale(domain=[0, 1]), title="Classifier score"),
            y=alt.Y("pillar:N", sort=PILLARS, title=None),
            color=alt.Color("assigned:N", scale=alt.Scale(domain=["assigned", "not assigned"],
                                                          range=["#1f77b4", "#cfd8dc"]), title=None),
            tooltip=["pillar:N", alt.Tooltip("score:Q", format=".2f"), "assigned:N"],
        ).properties(height=160)
        st.altair_chart(chart, width="stretch")
    else:
        st.caption("No pillar scores recorded.")
    evidence = _listed(row["evidence"])
    st.markdown("**Evidence** (the sentences the classification rests on)")
    if evidence:
        st.markdown("\n".join(f"- {escape_markdown(e)}" for e in evidence))
    else:
        st.caption("None recorded.")
    facets = [("Modalities", _listed(row["modalities"])), ("Locations", _listed(row["locations"]))]
    for label, values in facets:
        st.caption(f"{label}: " + (", ".join(escape_markdown(v.replace("_", " ")) for v in values) or "none"))
    st.caption(f"Model {escape_markdown(str(row['model_version']))}, enriched {_when(row['enriched_at'])}")


def show_copies(row: pd.Series, copies: pd.DataFrame) -> None:
    if copies.empty:
        st.caption("No other copy of this story in the warehouse.")
        return
    st.caption(f"This story appears {len(copies) + 1} times; the other copies:")
    drilldown.article_links(copies.assign(subject_company=None))
    table(copies, key="copies", file_name=f"copies-{row['id']}", hidden=("id",))


ctx = page_context()
wanted = st.query_params.get("id", "")
if not wanted:
    st.title("Article")
    st.info("Open an article from a drill-down, the Search page or a company's profile.")
    st.stop()
parts = article(ctx.wh, wanted)
if parts["article"].empty:
    st.title("Article")
    st.warning(f"No article with id {escape_markdown(wanted)} in the warehouse.")
    st.stop()
row = parts["article"].iloc[0]
show_header(row)
trail = article_trail(Path(ctx.wh.path), wanted)
show_saved()
show_corrected(trail)
correcting = "Correct" if edit_rights(st.session_state.get(SESSION_KEY)).can_edit else "Corrections"
text_tab, entities_tab, events_tab, scores_tab, copies_tab, correct_tab = st.tabs(
    ["Text", "Entities", "Event frame", "Pillar scores and evidence", "Other copies", correcting])
with text_tab:
    show_text(row)
with entities_tab:
    if parts["entities"].empty and parts["parties"].empty:
        st.caption("No entity found.")
    if not parts["parties"].empty:
        st.markdown("**Parties**")
        table(parts["parties"].drop(columns=["position"]), key="parties", file_name=f"parties-{wanted}")
    if not parts["entities"].empty:
        st.markdown("**Mentions**")
        table(parts["entities"], key="entities", file_name=f"entities-{wanted}")
with events_tab:
    if parts["events"].empty:
        st.caption("No event frame.")
    else:
        table(parts["events"], key="events", file_name=f"events-{wanted}")
with scores_tab:
    show_scores(row)
with copies_tab:
    show_copies(row, parts["copies"])
with correct_tab:
    show_corrections(Path(ctx.wh.path), ctx.wh.version, wanted, row, parts["parties"], parts["events"], trail)
