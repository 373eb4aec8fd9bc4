"""Crawled text shown as text: escaped for Streamlit's Markdown, links only to http(s) pages.

Streamlit renders labels, headers and `st.markdown` as Markdown (with its own extras: `$…$` maths,
`:color[…]` directives, emoji short codes). A headline is untrusted input, so every character that could
start such syntax is backslash-escaped; raw HTML is never enabled anywhere in the dashboard.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

# CommonMark lets any ASCII punctuation be backslash-escaped; these are the ones that mean something to
# Markdown or to Streamlit's extensions.
_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~$:&=\"'])")
_SNIPPET_WORDS = 40


def _escape(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", text)


def escape_markdown(text: str | None) -> str:
    """`text` as Markdown that displays exactly those characters (whitespace runs become one space)."""
    return _escape(" ".join((text or "").split()))


def safe_url(url: str | None) -> str | None:
    """The URL when it is an absolute http(s) link, else None (no `javascript:` or `data:` links)."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else None


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
