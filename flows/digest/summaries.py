"""One-line summaries and safe links from crawled text (untrusted: it is escaped later, and trimmed here)."""

from __future__ import annotations

import re

_SPACE = re.compile(r"\s+")
# Wire copy opens with a dateline: "BASEL, Switzerland, May 3, 2025 /PRNewswire/ --" or "CORK, Ireland —".
_DATELINE = re.compile(
    r"^(?:[A-Z][A-Z .'\-]+(?:,\s*[A-Z][A-Za-z .'\-]+){0,3},?\s*"
    r"(?:[A-Z][a-z]{2,8}\.? \d{1,2},? \d{4})?\s*(?:/[^/]{1,40}/)?\s*(?:--|—|–|-)\s+)"
)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[A-Z\"“(])")


def one_line(text: object) -> str:
    """Whitespace (newlines included) collapsed to single spaces: a title can never break a line or header.

    Anything that is not a string (None, pandas' NaN for a missing value) is the empty string.
    """
    return _SPACE.sub(" ", text).strip() if isinstance(text, str) else ""


def text_or_none(value: object) -> str | None:
    """A non-empty single-line string, or None for missing values (None, NaN, '')."""
    return one_line(value) or None


def clip(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word boundary with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:-—") + "…"


def summary_line(lead: object, title: object, limit: int = 220) -> str:
    """The first sentence of the article that says more than its headline, as one line.

    Falls back to the headline when the body is empty or only repeats it.
    """
    body = _DATELINE.sub("", one_line(lead))
    headline = one_line(title)
    for sentence in _SENTENCE_END.split(body):
        sentence = sentence.strip()
        if len(sentence) < 25 or sentence.lower().rstrip(".") == headline.lower().rstrip("."):
            continue
        return clip(sentence, limit)
    return clip(headline, limit)
