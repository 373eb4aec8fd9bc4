"""CSV cells a spreadsheet cannot execute: crawled text such as `=HYPERLINK(...)` is written as text.

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is read by Excel, LibreOffice and Google
Sheets as a formula; prefixing it with an apostrophe makes them show it as text (OWASP's advice for CSV
injection). Only text cells change: numbers, dates and booleans keep their values.
"""

from __future__ import annotations

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """The value, with an apostrophe in front when it is text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text columns are spreadsheet-safe (list cells are written as their text form, then made safe)."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(lambda v: safe_cell(v if isinstance(v, str) or v is None
                                                             or (isinstance(v, float) and pd.isna(v)) else str(v)))
    return out


def safe_csv(frame: pd.DataFrame, header: bool = True) -> str:
    """`frame` as CSV text with every text cell spreadsheet-safe."""
    return safe_frame(frame).to_csv(index=False, header=header)
