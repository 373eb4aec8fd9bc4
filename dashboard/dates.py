"""How the dashboard shows an article's date: its publication date, or the day the crawler first saw it when
the page carried none, flagged so an analyst never takes one for the other."""

from __future__ import annotations

import pandas as pd

FIRST_SEEN = " (first seen)"


def date_label(value: object, first_seen: object = False) -> str:
    """'2025-03-04', '2025-03-04 (first seen)', or 'undated' when there is no date at all."""
    if value is None or pd.isna(value):  # type: ignore[arg-type]
        return "undated"
    flagged = first_seen is not None and not pd.isna(first_seen) and bool(first_seen)  # type: ignore[arg-type]
    return pd.Timestamp(value).strftime("%Y-%m-%d") + (FIRST_SEEN if flagged else "")  # type: ignore[arg-type]


def with_date_labels(frame: pd.DataFrame) -> pd.DataFrame:
    """For display: `dated_at` as text labels with the `date_is_first_seen` flag folded in (the CSV keeps both)."""
    if "dated_at" not in frame.columns or "date_is_first_seen" not in frame.columns:
        return frame
    labels = [date_label(v, f) for v, f in zip(frame["dated_at"].tolist(), frame["date_is_first_seen"].tolist(),
                                               strict=True)]
    return frame.assign(dated_at=pd.Series(labels, index=frame.index, dtype=object)).drop(
        columns=["date_is_first_seen"])
