"""The table at the foot of the Infrastructure, Digital and Leadership pages: one event-frame list under the filters."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from dashboard.data_access import frame_list, frame_list_csv
from dashboard.page_context import page_context
from dashboard.tables import table, total_of

TABLE_ROWS = 500


def show_frame_table(kind: str, heading: str, when_empty: str, file_name: str,
                     columns: Sequence[str] | None = None) -> None:
    """The newest TABLE_ROWS frames of `kind` (dashboard_frame_list.sql), with a CSV of all of them."""
    ctx = page_context()
    listed = frame_list(ctx.wh, ctx.filters, kind, TABLE_ROWS)
    st.subheader(heading)
    if listed.empty:
        st.info(when_empty)
        return
    wh, filters = ctx.wh, ctx.filters
    table(listed if columns is None else listed[list(columns)], key=kind, file_name=file_name,
          total=total_of(listed), csv=lambda: frame_list_csv(wh, filters, kind))
