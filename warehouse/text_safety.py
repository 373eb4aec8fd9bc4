"""Crawled text is untrusted: the one place that makes it safe to show, link and export.

- **Markdown**: `escape_markdown` backslash-escapes every character that could start Markdown syntax, so a
  headline shows as the characters it has. CommonMark's set serves the digest; Streamlit (labels, headers,
  `st.markdown`) adds its own syntax (`$…$` maths, `:color[…]` directives, emoji short codes), so the dashboard
  asks for `streamlit=True`, which escapes those starts too. Raw HTML is never enabled anywhere.
- **Links**: `safe_url` passes an absolute http(s) URL and nothing else (no `javascript:` or `data:`).
- **CSV**: crawled text such as `=HYPERLINK(...)` is written as text. A cell that starts with `=`, `+`, `-`,
  `@`, a tab or a carriage return is read by Excel, LibreOffice and Google Sheets as a formula; prefixing it with
  an apostrophe makes them show it as text (OWASP's advice for CSV injection). Only text cells change: numbers,
  dates and booleans keep their values.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pandas as pd

# CommonMark lets any ASCII punctuation be backslash-escaped; these mean something to Markdown itself ...
_COMMONMARK_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#|~&!])")
# ... and these also to Streamlit's extensions or to lists, headings and tables at the start of a line.
_STREAMLIT_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~$:&=\"'])")


def escape_markdown(text: object, *, streamlit: bool = False) -> str:
    """`text` as Markdown that displays exactly its characters (None as the empty string)."""
    special = _STREAMLIT_SPECIAL if streamlit else _COMMONMARK_SPECIAL
    return special.sub(r"\\\1", "" if text is None else str(text))


def safe_url(url: object) -> str | None:
    """The URL if it is an absolute http(s) link (any letter case), else None; whitespace, quotes and angle
    brackets inside it also refuse it, so it can sit in Markdown's `<…>` link form."""
    if not isinstance(url, str) or not url:
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or any(c in url for c in " \n\r\t<>\"'"):
        return None
    return url


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
