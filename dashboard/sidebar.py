"""The shared sidebar: filter widgets whose state lives in the URL.

On a session's first run the widgets take their values from the URL (a shared link opens the same view);
after every run the URL is rewritten from the widgets, so it always shows the view on screen.
"""

from __future__ import annotations

import streamlit as st

from dashboard.filters import (
    FILTER_KEYS,
    LIST_KEYS,
    Facets,
    Filters,
    choices,
    default_filters,
    filters_from_query,
    filters_to_query,
)
from dashboard.regions import country_name

WIDGET = {key: f"filter-{key}" for key in ("period", *LIST_KEYS)}
LABELS = {"pillar": "Pillar", "event": "Event type", "company": "Company", "place": "Country or region",
          "modality": "Modality", "source": "Source"}
HELP = {
    "company": "Articles naming the company as a party (the most-named companies are listed).",
    "place": "Where the news happened: the site's country, else the subject company's headquarters.",
}


def _label(key: str, value: str) -> str:
    if key == "place" and len(value) == 2:
        return f"{country_name(value)} ({value})"
    if key in ("pillar", "event", "modality"):
        return value.replace("_", " ")
    return value


def _query_lists() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in FILTER_KEYS}


def _seed_widgets(filters: Filters) -> None:
    st.session_state[WIDGET["period"]] = (filters.start, filters.end)
    for key, field in LIST_KEYS.items():
        st.session_state[WIDGET[key]] = list(getattr(filters, field))


def _reset(facets: Facets) -> None:
    _seed_widgets(default_filters(facets))


def _keep_valid(facets: Facets) -> None:
    # After a new publish a chosen value may be gone, and Streamlit refuses a widget value not among its
    # options: drop such values, and pull the period back inside the warehouse's dates.
    assert facets.first_day is not None and facets.last_day is not None
    for key in LIST_KEYS:
        allowed = set(choices(facets, key))
        chosen = st.session_state.get(WIDGET[key], [])
        if any(value not in allowed for value in chosen):
            st.session_state[WIDGET[key]] = [value for value in chosen if value in allowed]
    period = st.session_state.get(WIDGET["period"])
    if isinstance(period, (tuple, list)) and period:
        clamped = tuple(min(max(day, facets.first_day), facets.last_day) for day in period)
        if clamped != tuple(period):
            st.session_state[WIDGET["period"]] = clamped


def render_sidebar(facets: Facets) -> Filters:
    """Draw the filters in the sidebar and return what they select; keep the URL in step."""
    if "filters-seeded" not in st.session_state:
        _seed_widgets(filters_from_query(_query_lists(), facets))
        st.session_state["filters-seeded"] = True
    assert facets.first_day is not None and facets.last_day is not None
    _keep_valid(facets)
    with st.sidebar:
        st.header("Filters")
        period = st.date_input("Published between", min_value=facets.first_day, max_value=facets.last_day,
                               key=WIDGET["period"], format="YYYY-MM-DD")
        for key in LIST_KEYS:
            options = choices(facets, key)
            st.multiselect(LABELS[key], options, key=WIDGET[key], help=HELP.get(key),
                           format_func=lambda value, key=key: _label(key, value),
                           placeholder="Any" if options else "None in the warehouse yet")
        st.button("Reset filters", on_click=_reset, args=(facets,), icon=":material/filter_alt_off:")
    if isinstance(period, tuple) and len(period) == 2:
        start, end = period
    else:  # a range being picked: keep the previous one until both ends are set
        previous = st.session_state.get("filters-last")
        start, end = (previous.start, previous.end) if previous else (facets.first_day, facets.last_day)
    selected = {field: tuple(st.session_state[WIDGET[key]]) for key, field in LIST_KEYS.items()}
    filters = Filters(start=start, end=end, **selected)
    st.session_state["filters-last"] = filters
    _write_url(filters, facets)
    return filters


def _write_url(filters: Filters, facets: Facets) -> None:
    wanted = filters_to_query(filters, facets)
    for key in FILTER_KEYS:
        if key in wanted:
            if st.query_params.get_all(key) != wanted[key]:
                st.query_params[key] = wanted[key]
        elif key in st.query_params:
            del st.query_params[key]
