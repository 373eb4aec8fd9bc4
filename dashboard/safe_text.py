"""Crawled text in the dashboard: escaped for Streamlit's Markdown (warehouse/text_safety.py has the rules),
search words highlighted, snippets around them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from warehouse.text_safety import escape_markdown as _escape_markdown
from warehouse.text_safety import safe_url

__all__ = ["escape_markdown", "highlight", "safe_url", "snippet"]
_SNIPPET_WORDS = 40


def _escape(text: str) -> str:
    return _escape_markdown(text, streamlit=True)


def escape_markdown(text: str | None) -> str:
    """`text` as Streamlit Markdown that displays exactly those characters (whitespace runs become one space)."""
    return _escape(" ".join((text or "").split()))


def _word_pattern(words: Iterable[str]) -> re.Pattern[str] | None:
    forms = sorted({w.lower() for w in words if w}, key=len, reverse=True)
    if not forms:
        return None
    return re.compile(r"(?<![\w])(" + "|".join(re.escape(w) for w in forms) + r")(?![\w])", re.IGNORECASE)


def highlight(text: str | None, words: Iterable[str]) -> str:
    """Escaped Markdown of `text` with every whole-word occurrence of `words` marked (case-insensitive)."""
    flat = " ".join((text or "").split())
    pattern = _word_pattern(words)
    if pattern is None:
        return escape_markdown(flat)
    out, last = [], 0
    for match in pattern.finditer(flat):
        out.append(_escape(flat[last:match.start()]))
        out.append(f":orange-background[**{_escape(match.group(0))}**]")
        last = match.end()
    out.append(_escape(flat[last:]))
    return "".join(out)


def snippet(text: str | None, words: Iterable[str], size: int = _SNIPPET_WORDS) -> str:
    """About `size` words of `text` around the first match of `words` (plain text, not yet escaped)."""
    tokens = (text or "").split()
    pattern = _word_pattern(words)
    first = 0
    if pattern is not None:
        first = next((i for i, token in enumerate(tokens) if pattern.search(token)), 0)
    start = max(0, first - size // 3)
    piece = " ".join(tokens[start:start + size])
    prefix = "… " if start > 0 else ""
    suffix = " …" if start + size < len(tokens) else ""
    return f"{prefix}{piece}{suffix}"
