"""Money mentions in news text: value, currency and a USD conversion at yearly average rates."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

FX_TABLE = Path(__file__).parent.parent / "data" / "fx_usd_yearly.yaml"

SYMBOLS = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₩": "KRW", "s$": "SGD",
           "rmb": "CNY", "rs": "INR", "rs.": "INR", "a$": "AUD", "au$": "AUD", "c$": "CAD", "ca$": "CAD",
           "hk$": "HKD", "r$": "BRL", "nt$": "TWD", "nz$": "NZD", "mx$": "MXN"}
CODES = {"USD", "EUR", "GBP", "CHF", "JPY", "KRW", "CNY", "INR", "SGD", "DKK", "SEK", "NOK", "CAD", "AUD", "RMB"}
WORDS = {"dollars": "USD", "euros": "EUR", "euro": "EUR", "pounds": "GBP", "yen": "JPY", "won": "KRW",
         "yuan": "CNY", "rupees": "INR", "francs": "CHF", "swiss francs": "CHF", "kroner": "DKK", "kronor": "SEK"}
SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "mln": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9,
          "bln": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12, "crore": 1e7, "crores": 1e7, "lakh": 1e5, "lakhs": 1e5}

_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# "$550-700 million", "RMB 4-5 billion", "2-3 trillion won": a range written once; its upper bound is the amount.
_NUMBER = rf"(?P<num>{_DIGITS})(?:\s?[-–]\s?(?P<upper>{_DIGITS}))?"
# "$1.2-billion" (hyphenated, as Canadian papers write it) and "USD 1.5 bln" too.
_SCALE = r"(?:[\s-]?(?P<scale>thousand|million|billion|trillion|crores?|lakhs?|mn|mln|bln|bn|tn|[kmb])\b)?"
# Dollars of other countries first ("HK$", "C$"), so their "$" is never read as the US dollar; a code or "Rs" only
# as a word of its own ("offers 622,000 sq ft" is not rupees).
_PREFIX = (r"(?P<cur>(?<![A-Za-z])(?:US|HK|NT|NZ|MX|CA|AU|[SACR])\$|[$€£¥₹₩]"
           r"|(?<![A-Za-z])(?:USD|EUR|GBP|CHF|JPY|KRW|CNY|RMB|INR|SGD|DKK|SEK|NOK|CAD|AUD|Rs\.?)\s?)")
_SUFFIX = r"\s(?P<word>swiss francs|dollars|euros?|pounds|yen|won|yuan|rupees|francs|kroner|kronor|USD|EUR|GBP|CHF|JPY|KRW|CNY|INR|SGD|DKK|SEK)\b"

PREFIXED = re.compile(_PREFIX + r"\s?" + _NUMBER + _SCALE, re.IGNORECASE)
SUFFIXED = re.compile(r"(?<![\w$€£¥₹₩.,-])" + _NUMBER + _SCALE + _SUFFIX, re.IGNORECASE)


@dataclass(frozen=True)
class Money:
    value: float
    currency: str
    start: int
    end: int
    text: str


def _currency(token: str, dollar: str = "USD") -> str:
    token = token.strip()
    key = token.lower()
    if key == "$":
        return dollar
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


def find_amounts(text: str, dollar: str = "USD") -> list[Money]:
    """Every money mention in order of appearance (overlaps resolved to the first, longest match).

    A bare "$" is `dollar`: the US dollar unless the item is set where "$" means another dollar (a Canadian
    plant's "$245 million" is Canadian dollars); "US$" is always the US dollar. A range ("$550-700 million")
    is read as its upper bound.
    """
    found: list[Money] = []
    for match in PREFIXED.finditer(text):
        found.append(Money(_value(match["upper"] or match["num"], match["scale"]), _currency(match["cur"], dollar),
                           match.start(), match.end(), match.group(0)))
    for match in SUFFIXED.finditer(text):
        found.append(Money(_value(match["upper"] or match["num"], match["scale"]), _currency(match["word"]),
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
