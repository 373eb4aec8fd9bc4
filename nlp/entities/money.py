"""Money mentions in news text: value, currency and a USD conversion at yearly average rates."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

FX_TABLE = Path(__file__).parent.parent / "data" / "fx_usd_yearly.yaml"

SYMBOLS = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₩": "KRW", "s$": "SGD",
           "rmb": "CNY", "rs": "INR", "rs.": "INR", "a$": "AUD", "c$": "CAD"}
CODES = {"USD", "EUR", "GBP", "CHF", "JPY", "KRW", "CNY", "INR", "SGD", "DKK", "SEK", "NOK", "CAD", "AUD", "RMB"}
WORDS = {"dollars": "USD", "euros": "EUR", "euro": "EUR", "pounds": "GBP", "yen": "JPY", "won": "KRW",
         "yuan": "CNY", "rupees": "INR", "francs": "CHF", "swiss francs": "CHF", "kroner": "DKK", "kronor": "SEK"}
SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "mln": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9,
          "b": 1e9, "trillion": 1e12, "tn": 1e12, "crore": 1e7, "crores": 1e7, "lakh": 1e5, "lakhs": 1e5}

_NUMBER = r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_SCALE = r"(?:\s?(?P<scale>thousand|million|billion|trillion|crores?|lakhs?|mn|mln|bn|tn|[kmb])\b)?"
_PREFIX = r"(?P<cur>US\$|S\$|A\$|C\$|[$€£¥₹₩]|(?:USD|EUR|GBP|CHF|JPY|KRW|CNY|RMB|INR|SGD|DKK|SEK|NOK|CAD|AUD|Rs\.?)\s?)"
_SUFFIX = r"\s(?P<word>swiss francs|dollars|euros?|pounds|yen|won|yuan|rupees|francs|kroner|kronor|USD|EUR|GBP|CHF|JPY|KRW|CNY|INR|SGD|DKK|SEK)\b"

PREFIXED = re.compile(_PREFIX + r"\s?" + _NUMBER + _SCALE, re.IGNORECASE)
SUFFIXED = re.compile(r"(?<![\w$€£¥₹₩.])" + _NUMBER + _SCALE + _SUFFIX, re.IGNORECASE)


@dataclass(frozen=True)
class Money:
    value: float
    currency: str
    start: int
    end: int
    text: str


def _currency(token: str) -> str:
    token = token.strip()
    key = token.lower()
    if key in SYMBOLS:
        return SYMBOLS[key]
    if key in WORDS:
        return WORDS[key]
    code = token.upper()
    return "CNY" if code == "RMB" else code


def _value(number: str, scale: str | None) -> float:
    value = float(number.replace(",", ""))
    if scale:
        # "M"/"B" after a number means million/billion in news copy; lower-case k/m/b likewise.
        value *= SCALES[scale.lower()]
    return value


def find_amounts(text: str) -> list[Money]:
    """Every money mention in order of appearance (overlaps resolved to the first, longest match)."""
    found: list[Money] = []
    for match in PREFIXED.finditer(text):
        found.append(Money(_value(match["num"], match["scale"]), _currency(match["cur"]),
                           match.start(), match.end(), match.group(0)))
    for match in SUFFIXED.finditer(text):
        found.append(Money(_value(match["num"], match["scale"]), _currency(match["word"]),
                           match.start(), match.end(), match.group(0)))
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    result: list[Money] = []
    for money in found:
        if result and money.start < result[-1].end:
            continue
        result.append(money)
    return result


@lru_cache(maxsize=1)
def fx_table() -> dict[str, dict[int, float]]:
    raw = yaml.safe_load(FX_TABLE.read_text(encoding="utf-8"))
    return {code: {int(y): float(r) for y, r in years.items()} for code, years in raw.items()}


def to_usd(value: float, currency: str, year: int) -> float | None:
    """Convert at the yearly average rate of `year` (nearest year in the table); None for unknown currencies."""
    rates = fx_table().get(currency.upper())
    if not rates:
        return None
    nearest = min(rates, key=lambda y: abs(y - year))
    return round(value * rates[nearest], 2)


REVENUE_CUES = ("revenue", "sales", "turnover", "earnings", "profit", "ebitda", "guidance", "net income",
                "quarter", "fiscal", "full-year", "full year", "first-half", "h1 ", "per share")
DEAL_CUES = ("invest", "build", "construct", "expan", "acquir", "acquisition", "purchase", "buy", "deal",
             "agreement", "capex", "capital", "fund", "financ", "programme", "program", "facility", "plant",
             "site", "campus", "valued", "worth", "raise", "contract", "commit")


def _is_revenue(sentence: str, money: Money) -> bool:
    """A revenue-like word just before or after the amount ("sales rose to $3.2 billion", "$1bn in revenue")."""
    lowered = sentence.lower()
    window = lowered[max(0, money.start - 60) : money.start] + " " + lowered[money.end : money.end + 25]
    return any(cue in window for cue in REVENUE_CUES)


MIN_AMOUNT = 100_000  # in units of any currency: smaller figures are share prices and per-unit costs, not deals
# "267.7 billion won ($226 million)": an amount and its conversion in brackets right after it.
_CONVERSION = re.compile(r"^\s*\((?:about |around |roughly |approximately |some |~)?")


def _original_currency(sentences: list[str], chosen: Money) -> Money:
    """The figure in its original currency when `chosen` is only the bracketed conversion of it elsewhere in
    the item (a headline quoting the dollar value of a deal the body states in won, euros or yen)."""
    for sentence in sentences:
        found = find_amounts(sentence)
        for first, second in zip(found, found[1:], strict=False):
            between = sentence[first.end : second.start]
            if (first.currency != second.currency and second.currency == chosen.currency
                    and _CONVERSION.match(between) and abs(second.value - chosen.value) <= 0.02 * chosen.value):
                return first
    return chosen


def headline_amount(sentences: list[str]) -> Money | None:
    """The investment or deal value of an item, in its original currency: the first amount in a deal-like
    context, not a revenue figure, not a share price."""
    fallback: Money | None = None
    for sentence in sentences:
        lowered = sentence.lower()
        for money in find_amounts(sentence):
            if _is_revenue(sentence, money) or money.value < MIN_AMOUNT:
                continue
            if any(cue in lowered for cue in DEAL_CUES):
                return _original_currency(sentences, money)
            fallback = fallback or money
    return _original_currency(sentences, fallback) if fallback else None
