"""US-dollar values of corrected amounts, at the same yearly average rates enrichment uses.

The rates are data, not code: the table nlp/data/fx_usd_yearly.yaml is read as a file (warehouse never imports
nlp), so an analyst's "EUR 40 million" and the model's are converted alike.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

FX_TABLE = Path(__file__).resolve().parent.parent / "nlp" / "data" / "fx_usd_yearly.yaml"


@lru_cache(maxsize=1)
def _rates() -> dict[str, dict[int, float]]:
    raw = yaml.safe_load(FX_TABLE.read_text(encoding="utf-8"))
    return {str(code): {int(y): float(r) for y, r in years.items()} for code, years in raw.items()}


def known_currencies() -> tuple[str, ...]:
    return tuple(sorted(_rates()))


def usd_value(value: float, currency: str, year: int) -> float | None:
    """`value` in US dollars at `year`'s average rate (the nearest year in the table); None when unknown."""
    rates = _rates().get(currency.upper())
    if not rates:
        return None
    nearest = min(rates, key=lambda y: abs(y - year))
    return round(value * rates[nearest], 2)
