"""Search: full-text search over the articles the filters select, ranked, with the matches highlighted."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import drilldown
from dashboard.data_access import search, search_ready
from dashboard.dates import date_label
from dashboard.filters import describe
from dashboard.page_context import page_context
from dashboard.safe_text import escape_markdown, highlight, snippet
from dashboard.tables import table
from dashboard.url_state import bind_widget, write_param

RESULTS = 50


def show_results(query: str) -> None:
    ctx = page_context()
    results = search(ctx.wh, ctx.filters, query, RESULTS)
    total = int(results["total"].iloc[0]) if len(results) else 0
    if total == 0:
        st.info("No article under the current filters contains every one of these words.")
        return
    shown = f"the best {len(results)}" if total > len(results) else "all"
    st.markdown(f"**{total:,} article{'' if total == 1 else 's'}** match; {shown} by relevance (BM25).")
    for rank, row in enumerate(results.itertuples(), start=1):
        words = list(row.highlight) if row.highlight is not None else []
        with st.container(border=True):
            st.page_link(drilldown.ARTICLE_PAGE, label=f"{rank}. {escape_markdown(row.title) or '(untitled)'}",
                         query_params={"id": row.id}, icon=":material/article:")
            st.markdown(highlight(snippet(row.text, words), words))
            details = [date_label(row.dated_at, row.date_is_first_seen), row.source, row.subject_company, row.pillar, f"score {row.score:.2f}"]
            st.caption(" · ".join(escape_markdown(str(d)) for d in details if d is not None and not pd.isna(d)))
    table(results[["score", "dated_at", "date_is_first_seen", "title", "source", "pillar", "event_type", "subject_company", "url",
                   "id"]], key="search", file_name=f"search-{query}")


ctx = page_context()
st.title("Search")
st.caption(escape_markdown(describe(ctx.filters)))
if not search_ready(ctx.wh):
    st.warning("This warehouse has no search index yet: it is built after each load (`radar load`, `radar run`).")
    st.stop()
bind_widget("search-query", "q", "")
query = st.text_input("Search the articles", key="search-query", placeholder="e.g. bioreactor Singapore",
                      help="Every word must appear (word forms count: 'expands' finds 'expand').").strip()
write_param("q", query)
if query:
    show_results(query)
