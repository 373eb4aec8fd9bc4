"""The dashboard's queries: plain functions over the warehouse read path, cached by Streamlit."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import streamlit as st

from warehouse.connection import db_path
from warehouse.read import named_query, read_frame


def current_db() -> Path:
    return db_path()


@st.cache_data(ttl=60, show_spinner=False)
def date_bounds(db: str) -> tuple[date | None, date | None, list[str]]:
    row = read_frame(Path(db), named_query("date_bounds")).iloc[0]
    sources = list(row["sources"]) if row["sources"] is not None else []
    first = row["first_day"] if pd.notna(row["first_day"]) else None
    last = row["last_day"] if pd.notna(row["last_day"]) else None
    return first, last, sources


@st.cache_data(ttl=60, show_spinner=False)
def pillar_weekly(db: str, start: date, end: date) -> pd.DataFrame:
    return read_frame(Path(db), named_query("pillar_weekly"), {"start": start, "end": end})


@st.cache_data(ttl=60, show_spinner=False)
def article_list(db: str, start: date, end: date, pillars: tuple[str, ...], sources: tuple[str, ...],
                 search: str) -> pd.DataFrame:
    return read_frame(
        Path(db), named_query("article_list"),
        {"start": start, "end": end, "pillars": list(pillars), "sources": list(sources), "search": search},
    )
