"""Significance: which of a week's stories a BD team should read first. Pure functions over DataFrames.

A story's score adds four signals, each on a small scale so none swamps the others:
- amount: 1 point at $1M, +1 per tenfold (3 at $100M, 4 at $1B), capped at 4.5;
- company: 1.5 when the subject is a known CDMO, 1 when it is another company of the knowledge base;
- novelty: 1 when the story names a company never seen before that week;
- reach: 1 per outlet beyond the first that carried it, +0.25 per further copy, capped at 3.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from flows.digest.selection import list_cell
from warehouse.money_format import format_usd


@dataclass(frozen=True)
class SignificanceWeights:
    amount: float = 1.0
    company: float = 1.0
    novelty: float = 1.0
    reach: float = 1.0


DEFAULT_WEIGHTS = SignificanceWeights()


def amount_points(amount_usd: float | None) -> float:
    if amount_usd is None or amount_usd != amount_usd or amount_usd <= 0:
        return 0.0
    return min(4.5, max(0.0, 1.0 + math.log10(amount_usd / 1e6)))


def company_points(is_cdmo: bool, known: bool) -> float:
    return 1.5 if is_cdmo else 1.0 if known else 0.0


def reach_points(outlets: int, copies: int) -> float:
    return min(3.0, max(0, outlets - 1) + 0.25 * max(0, copies - max(outlets, 1)))


def score_stories(stories: pd.DataFrame, weights: SignificanceWeights = DEFAULT_WEIGHTS) -> pd.DataFrame:
    """The stories with `outlets`, `score` and `reasons` (the short labels shown next to an item) added."""
    scored = stories.copy()
    outlets = scored["outlets"].astype(int)
    new = scored["new_companies"].map(list_cell)
    amount = scored["amount_usd"].map(lambda v: None if pd.isna(v) else float(v))
    scored["score"] = [
        weights.amount * amount_points(a)
        + weights.company * company_points(bool(cdmo), bool(known))
        + weights.novelty * (1.0 if n else 0.0)
        + weights.reach * reach_points(int(o), int(copies))
        for a, cdmo, known, n, o, copies in zip(amount, scored["subject_is_cdmo"], scored["subject_known"], new,
                                                outlets, scored["articles"], strict=True)
    ]
    scored["reasons"] = [
        tuple(r for r in (format_usd(a), "CDMO" if cdmo else "", _new_label(n),
                          f"{o} outlets" if o > 1 else "") if r)
        for a, cdmo, n, o in zip(amount, scored["subject_is_cdmo"], new, outlets, strict=True)
    ]
    return scored


def _new_label(names: list[str]) -> str:
    if not names:
        return ""
    shown = ", ".join(names[:2])
    return f"new: {shown}" + (f" +{len(names) - 2}" if len(names) > 2 else "")


def rank(scored: pd.DataFrame) -> pd.DataFrame:
    """Highest score first; ties go to wider reach, then the more recent story, then a stable id order."""
    ordered = scored.assign(_published=pd.to_datetime(scored["first_dated_at"], utc=True))
    ordered = ordered.sort_values(["score", "outlets", "_published", "story_id"],
                                  ascending=[False, False, False, True], kind="stable")
    return ordered.drop(columns="_published")


def top_per_pillar(scored: pd.DataFrame, pillars: tuple[str, ...], limit: int) -> dict[str, pd.DataFrame]:
    """The `limit` most significant stories of each pillar, in the order the pillars are given."""
    ranked = rank(scored)
    return {pillar: ranked[ranked["pillar"] == pillar].head(limit) for pillar in pillars}
