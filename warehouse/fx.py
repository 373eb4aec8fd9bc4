"""US-dollar values of corrected amounts, converted exactly as enrichment converts them (nlp/entities/money.py, a pure
module: the yearly average rates of nlp/data/fx_usd_yearly.yaml), so an analyst's "EUR 40 million" and the
model's come out alike."""

from __future__ import annotations

from nlp.entities.money import fx_table
from nlp.entities.money import to_usd as usd_value

__all__ = ["known_currencies", "usd_value"]


def known_currencies() -> tuple[str, ...]:
    return tuple(sorted(fx_table()))
