"""Tables the dashboard shows: every one comes with a CSV download of all its rows."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd
import streamlit as st

from dashboard.dates import with_date_labels
from dashboard.safe_text import safe_url
from warehouse.text_safety import safe_csv

COMMON_COLUMNS: dict[str, Any] = {
    "published_at": st.column_config.DatetimeColumn("Published", format="YYYY-MM-DD"),
    "dated_at": st.column_config.TextColumn(
        "Date", help="Publication date; marked (first seen) when the page carried none: the day it was first crawled"),
    "amount_usd": st.column_config.NumberColumn("Amount (USD)", format="$%.0f"),
    "url": st.column_config.LinkColumn("Source link", display_text="open source"),
    "title": st.column_config.TextColumn("Title", width="large"),
}


def blank_missing_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Text columns with empty cells instead of the word "None" (numbers and dates keep their own blanks)."""
    text = [c for c in frame.columns if frame[c].dtype == object or pd.api.types.is_string_dtype(frame[c])]
    if not text:
        return frame
    return frame.assign(**{c: frame[c].where(frame[c].notna(), "") for c in text})


def table(frame: pd.DataFrame, key: str, file_name: str, *, total: int | None = None,
          csv: Callable[[], str] | None = None, hidden: tuple[str, ...] = ("total", "article_id", "id", "story"),
          columns: Mapping[str, Any] | None = None) -> None:
    """`frame` as a table plus a CSV download button.

    When the table shows only the first rows of a longer result, `total` says how many there are and `csv`
    builds the full file when the button is pressed (not on every render).
    """
    shown = frame.drop(columns=[c for c in hidden if c in frame.columns])
    if "url" in shown.columns:
        shown = shown.assign(url=shown["url"].map(safe_url))
    st.dataframe(blank_missing_text(with_date_labels(shown)), hide_index=True, width="stretch", key=f"table-{key}",
                 column_config={**COMMON_COLUMNS, **(columns or {})})
    count = len(frame) if total is None else total
    if total is not None and total > len(frame):
        st.caption(f"Showing the newest {len(frame):,} of {total:,} rows; the CSV has them all.")
    data: Callable[[], str] | str = csv if csv is not None else safe_csv(shown)
    st.download_button(f"Download CSV ({count:,} rows)", data=data, file_name=f"{safe_file_name(file_name)}.csv",
                       mime="text/csv", key=f"csv-{key}", on_click="ignore", icon=":material/download:")


def safe_file_name(name: str) -> str:
    return re.sub(r"[^\w.-]+", "-", name).strip("-.") or "table"


def total_of(frame: pd.DataFrame) -> int:
    return int(frame["total"].iloc[0]) if len(frame) and "total" in frame.columns else 0
