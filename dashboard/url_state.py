"""Page-level state kept in the URL next to the filters (a page's own choices, e.g. the search words)."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st


def read_param(name: str, default: str, allowed: Sequence[str] | None = None) -> str:
    value = st.query_params.get(name, default)
    return value if allowed is None or value in allowed else default


def write_param(name: str, value: str | None, default: str | None = None) -> None:
    """Put `value` in the URL, or take the parameter out when it is empty or the default."""
    if value in (None, "", default):
        if name in st.query_params:
            del st.query_params[name]
    elif st.query_params.get(name) != value:
        st.query_params[name] = value


def bind_widget(key: str, param: str, default: str, allowed: Sequence[str] | None = None) -> None:
    """Seed widget `key` from URL parameter `param` when the widget is not alive yet (first run, or back on
    its page after Streamlit dropped the state of a widget another page did not draw)."""
    if key not in st.session_state:
        st.session_state[key] = read_param(param, default, allowed)
