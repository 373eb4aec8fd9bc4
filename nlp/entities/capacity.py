"""Capacity phrases of facility news: volumes (litres), floor space (square feet/metres), lines, output."""

from __future__ import annotations

import re

_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
CAPACITY = re.compile(
    rf"(?<![\w.])(?:{_NUMBER})(?:\s?(?:million|billion|thousand|m|k))?"
    r"(?:\s?-\s?|\s)?(?:"
    r"(?:litres?|liters?|L)\b(?:\s(?:of )?(?:bioreactor|fermentation|reactor|production) (?:capacity|volume))?|"
    r"(?:square|sq\.?) (?:feet|foot|ft|met(?:re|er)s?|m)\b|sq\s?ft\b|m2\b|m²|ft2\b|"
    r"(?:new |additional |commercial |filling |production |manufacturing |packaging )?(?:lines|suites|bioreactors|reactors)\b|"
    r"(?:units|doses|vials|syringes|tablets|batches)(?: a| per)? (?:year|annum|annually)\b|"
    r"(?:tonnes|tons|kilograms|kg)(?: a| per)? (?:year|annum)\b)",
    re.IGNORECASE,
)


def capacity_in(text: str) -> str | None:
    """The first capacity phrase as written ("2,000-litre", "120,000 square feet", "four new lines" is not numeric)."""
    match = CAPACITY.search(text)
    return match.group(0).strip() if match else None
