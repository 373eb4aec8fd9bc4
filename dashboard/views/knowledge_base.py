"""Knowledge base: organisations the pipeline kept but could not link, with counts and example articles; an
analyst accepts one as a new organisation or merges it into a known one as an alias.

Accepted entries go to the local overlay (nlp/entities/kb_overlay.py), which enrichment reads from its next run on;
`radar kb export` turns them into a pull request. Started with `radar dashboard --read-only`, the page lists
and edits nothing. Names and titles come from crawled text: they are shown escaped, never as HTML.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import drilldown
from dashboard.data_access import kb_queue
from dashboard.page_context import page_context
from dashboard.read_only import read_only
from dashboard.safe_text import escape_markdown
from nlp.entities.company_names import ORGANISATION_TYPES, local_overlay_path
from nlp.entities.kb_overlay import (
    NewOrganisation,
    OverlayEditError,
    accept_organisation,
    knowledge_base_with,
    merge_alias,
)

QUEUE_COLUMNS = {
    "company": st.column_config.TextColumn("Organisation"),
    "articles": st.column_config.NumberColumn("Articles", format="%d"),
    "last_seen": st.column_config.DatetimeColumn("Last seen (UTC)", format="YYYY-MM-DD"),
}


def waiting(queue: pd.DataFrame) -> pd.DataFrame:
    """The queue without organisations the knowledge base (overlay included) now knows: accepted or merged
    here, they wait only for the next enrichment."""
    index = knowledge_base_with(local_overlay_path())
    return queue[[index.resolve(name) is None for name in queue["company"]]]


def show_examples(examples: object) -> None:
    for example in list(examples) if examples is not None else []:
        st.page_link(drilldown.ARTICLE_PAGE, label=escape_markdown(example["title"]) or "(untitled)",
                     query_params={"id": example["id"]}, icon=":material/article:")


def accept_form(name: str) -> None:
    with st.form("kb-accept", clear_on_submit=False):
        st.markdown("**Accept as a new organisation**")
        new_name = st.text_input("Name", value=name, key="kb-name")
        aliases = st.text_input("Aliases (comma-separated, as news writes them)", key="kb-aliases")
        country = st.text_input("HQ country (ISO code: CH, US, KR…)", max_chars=2, key="kb-country")
        kind = st.selectbox("Type", ORGANISATION_TYPES, index=ORGANISATION_TYPES.index("other"), key="kb-type")
        is_cdmo = st.checkbox("Sells contract development/manufacturing (CDMO)", key="kb-cdmo")
        if st.form_submit_button("Accept"):
            new = NewOrganisation(new_name, tuple(a for a in aliases.split(",") if a.strip()), country or None,
                                  kind, is_cdmo)
            try:
                accepted = accept_organisation(local_overlay_path(), new)
            except OverlayEditError as refused:
                st.error(escape_markdown(str(refused)))
            else:
                st.success(f"{escape_markdown(accepted.name)} is in the knowledge base from the next enrichment on.")


def merge_form(name: str, known: list[str]) -> None:
    with st.form("kb-merge"):
        st.markdown("**Or merge into a known organisation (as an alias)**")
        target = st.selectbox("Organisation", known, index=None, placeholder="Type to search the knowledge base",
                              key="kb-target")
        if st.form_submit_button("Merge"):
            try:
                if target is None:
                    raise OverlayEditError("Pick the organisation to merge into.")
                merge_alias(local_overlay_path(), name, target)
            except OverlayEditError as refused:
                st.error(escape_markdown(str(refused)))
            else:
                st.success(f"{escape_markdown(name)} is an alias of {escape_markdown(target)} from the next "
                           "enrichment on.")


st.title("Knowledge base")
ctx = page_context()
locked = read_only()
queue = waiting(kb_queue(ctx.wh))
st.caption("Organisations the pipeline kept but could not link to the knowledge base, most named first. "
           + ("Read-only: nothing can be accepted here." if locked else
              f"Accepted entries go to {escape_markdown(str(local_overlay_path()))}; `radar kb export` prints them."))
if queue.empty:
    st.info("Every organisation the news names is in the knowledge base.")
    st.stop()
st.dataframe(queue[["company", "articles", "last_seen"]], hide_index=True, width="stretch",
             column_config=QUEUE_COLUMNS, key="kb-queue")
names = queue["company"].tolist()
counts = dict(zip(queue["company"], queue["articles"], strict=True))
picked = st.selectbox("Organisation", names, index=None, key="kb-pick", placeholder="Pick one to review",
                      format_func=lambda n: f"{n} ({counts.get(n, 0):,} articles)")
if picked is not None:
    row = queue[queue["company"] == picked].iloc[0]
    st.subheader(escape_markdown(picked))
    st.caption(f"Named in {int(row['articles']):,} articles; the newest:")
    show_examples(row["examples"])
    if not locked:
        accept_form(picked)
        merge_form(picked, sorted(knowledge_base_with(local_overlay_path()).companies))
