"""From a chart mark to the articles behind it.

Clicking a mark stores what was clicked in the URL (`drill=<chart>|<field>=<value>|…`), so a drilled view is
shareable like any other; the page then lists the articles behind that mark under the chart, each a link to
the Article page, with all of them downloadable as CSV.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import quote, unquote

import altair as alt
import pandas as pd
import streamlit as st

from dashboard.data_access import EventFacets, Warehouse, article_list, article_list_csv
from dashboard.dates import date_label
from dashboard.filters import Filters
from dashboard.safe_text import escape_markdown

PARAM = "drill"
SELECTION = "pick"
ARTICLE_PAGE = "views/article.py"
LINKS_SHOWN = 15


@dataclass(frozen=True)
class Drill:
    chart: str
    values: tuple[tuple[str, str], ...]

    def get(self, field: str, default: str = "") -> str:
        return dict(self.values).get(field, default)


def encode(drill: Drill) -> str:
    return "|".join([quote(drill.chart, safe=""), *(f"{quote(k, safe='')}={quote(v, safe='')}"
                                                   for k, v in drill.values)])


def decode(text: str | None) -> Drill | None:
    """The drill a URL carries, or None when it carries none or one that does not parse."""
    if not text:
        return None
    chart, *pairs = text.split("|")
    values = []
    for pair in pairs:
        if "=" not in pair:
            return None
        key, value = pair.split("=", 1)
        values.append((unquote(key), unquote(value)))
    return Drill(unquote(chart), tuple(values)) if chart else None


def current(chart: str) -> Drill | None:
    drill = decode(st.query_params.get(PARAM))
    return drill if drill is not None and drill.chart == chart else None


def chart_key(chart: str) -> str:
    return f"chart-{chart}"


def selected_values(selection: object, fields: Sequence[str]) -> tuple[tuple[str, str], ...] | None:
    """The clicked mark's values of `fields` in a chart's selection state, or None when nothing is picked."""
    picks = (selection or {}).get(SELECTION) if isinstance(selection, dict) else None  # type: ignore[union-attr]
    if not picks:
        return None
    first = picks[0]
    if any(field not in first for field in fields):
        return None
    return tuple((field, str(first[field])) for field in fields)


def on_pick(chart: str, fields: Sequence[str]) -> None:
    state = st.session_state.get(chart_key(chart))
    values = selected_values(getattr(state, "selection", None) or (state or {}).get("selection"), fields)
    if values is not None:
        st.query_params[PARAM] = encode(Drill(chart, values))
    elif current(chart) is not None:
        del st.query_params[PARAM]


def drillable(chart: alt.Chart, chart_id: str, fields: Sequence[str], height: int | None = None) -> None:
    """Show `chart` with a click selection on `fields`; a click drills down (see `articles_panel`)."""
    pick = alt.selection_point(name=SELECTION, fields=list(fields), on="click", clear="dblclick")
    chart = chart.add_params(pick).encode(opacity=alt.condition(pick, alt.value(1.0), alt.value(0.45)))
    if height:
        chart = chart.properties(height=height)
    st.altair_chart(chart, key=chart_key(chart_id), on_select=lambda: on_pick(chart_id, fields),
                    selection_mode=SELECTION, width="stretch")


def clear() -> None:
    if PARAM in st.query_params:
        del st.query_params[PARAM]


def article_links(articles: pd.DataFrame, limit: int = LINKS_SHOWN) -> None:
    """Each article as a link to the Article page, with its date, source and company beneath."""
    for row in articles.head(limit).itertuples():
        st.page_link(ARTICLE_PAGE, label=escape_markdown(row.title) or "(untitled)", query_params={"id": row.id},
                     icon=":material/article:")
        details = [date_label(row.dated_at, row.date_is_first_seen), row.source, getattr(row, "subject_company", None)]
        st.caption(" · ".join(escape_markdown(str(d)) for d in details if d and not pd.isna(d)))


def articles_panel(title: str, articles: pd.DataFrame, csv: Callable[[], str], key: str) -> None:
    """The drill-down under a chart: how many articles, the newest as links, all of them as CSV."""
    total = int(articles["total"].iloc[0]) if len(articles) else 0
    with st.container(border=True):
        head, close = st.columns([5, 1])
        head.markdown(f"**Articles behind {escape_markdown(title)}**: {total:,}")
        close.button("Close", key=f"close-{key}", on_click=clear, icon=":material/close:")
        if total == 0:
            st.caption("No article matches this mark under the current filters.")
            return
        article_links(articles)
        if total > min(len(articles), LINKS_SHOWN):
            st.caption(f"Showing the newest {min(len(articles), LINKS_SHOWN)}; the CSV has all {total:,}.")
        st.download_button("Download these articles (CSV)", data=csv, file_name=f"articles-{key}.csv",
                           mime="text/csv", key=f"csv-{key}", on_click="ignore", icon=":material/download:")


def show_articles_behind(wh: Warehouse, title: str, filters: Filters, key: str,
                         event: EventFacets | None = None) -> None:
    """The drill-down panel for one mark: its articles under `filters` (and `event`), newest first."""
    event = event or EventFacets()
    articles = article_list(wh, filters, event, limit=LINKS_SHOWN)
    articles_panel(title, articles, lambda: article_list_csv(wh, filters, event), key)


def period_end(start: date, grain: str) -> date:
    """The last day of the week, month or quarter that starts on `start`."""
    if grain == "week":
        return start + timedelta(days=6)
    offset = pd.offsets.QuarterEnd(0) if grain == "quarter" else pd.offsets.MonthEnd(0)
    return (pd.Timestamp(start) + offset).date()


def drilled_period(drill: Drill, field: str, grain: str, filters: Filters,
                   **narrowed: object) -> tuple[date, Filters] | None:
    """The period a clicked bar stands for (its start date in `field`) and the filters cut to it, with any other
    `narrowed` values; None when the value is not a date (a hand-edited URL)."""
    try:
        start = date.fromisoformat(drill.get(field))
    except ValueError:
        return None
    return start, filters.narrowed(start=max(start, filters.start), end=min(period_end(start, grain), filters.end),
                                   **narrowed)

