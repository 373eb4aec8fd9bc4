"""What every page needs from the main script's run: the warehouse, what it holds, the sidebar's filters."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from dashboard.data_access import Warehouse
from dashboard.filters import Facets, Filters

_KEY = "page-context"


@dataclass(frozen=True)
class PageContext:
    wh: Warehouse
    facets: Facets
    filters: Filters


def set_page_context(context: PageContext) -> None:
    st.session_state[_KEY] = context


def page_context() -> PageContext:
    """The context the main script stored before running this page (pages only run through it)."""
    context = st.session_state.get(_KEY)
    if context is None:
        st.error("Open the dashboard through `radar dashboard` (the main script sets up every page).")
        st.stop()
    return context
