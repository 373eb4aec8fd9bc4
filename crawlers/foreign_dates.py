"""Dates written in other languages' forms: "21. November 2024", "21 novembre 2024", "21 de noviembre de 2024",
"2024年11月21日", "2024년 11월 21일".

The month names are dateparser's locale data (German, French, Spanish, Italian, Portuguese, Dutch), not a table
of ours; Chinese, Japanese and Korean dates are written in numbers with their year, month and day signs. As with
the English forms, only a whole calendar date is read: a month and a year alone give nothing.
"""

from __future__ import annotations

import re
from functools import lru_cache

LOCALES = ("de", "fr", "es", "it", "pt", "nl")
MONTH_KEYS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
              "november", "december")
CJK_DATE = re.compile(r"(?<!\d)(?P<year>(?:19|20)\d\d)\s*[年년]\s*(?P<month>[01]?\d)\s*[月월]\s*(?P<day>[0-3]?\d)\s*[日일]")


@lru_cache(maxsize=1)
def month_numbers() -> dict[str, int]:
    """Month name or abbreviation (lower case) → month number, from dateparser's locales; a word that names
    different months in two languages is left out."""
    from dateparser.languages import default_loader

    numbers: dict[str, int] = {}
    clashes: set[str] = set()
    for code in LOCALES:
        info = default_loader.get_locale(code).info
        for number, key in enumerate(MONTH_KEYS, start=1):
            for word in info.get(key, []):
                word = word.lower().rstrip(".")
                if len(word) < 3 or not word.isalpha():
                    continue
                if numbers.get(word, number) != number:
                    clashes.add(word)
                numbers[word] = number
    return {w: n for w, n in numbers.items() if w not in clashes}


@lru_cache(maxsize=1)
def _day_month_year() -> re.Pattern[str]:
    names = "|".join(sorted(map(re.escape, month_numbers()), key=len, reverse=True))
    # 21. November 2024 · 1er mars 2024 · 21 de noviembre de 2024 · 21 novembre, 2024
    return re.compile(rf"(?<![\w/.-])(?P<day>[0-3]?\d)(?:\.|er|º|°)?\s+(?:de\s+)?(?P<month>{names})\.?"
                      rf"(?:\s+de|,)?\s+(?P<year>(?:19|20)\d\d)(?!\d)", re.I)


def find_foreign_date(text: str) -> tuple[int, int, int] | None:
    """(year, month, day) of the first date in `text` written in one of these forms, or None."""
    found: list[tuple[int, tuple[int, int, int]]] = []
    match = CJK_DATE.search(text)
    if match:
        found.append((match.start(), (int(match["year"]), int(match["month"]), int(match["day"]))))
    if any(c.isalpha() for c in text):
        match = _day_month_year().search(text)
        if match:
            month = month_numbers()[match["month"].lower()]
            found.append((match.start(), (int(match["year"]), month, int(match["day"]))))
    return min(found)[1] if found else None
