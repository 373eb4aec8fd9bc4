"""Momentum: what rose most against its own baseline.

For each company, modality and region, the stories of the recent window are compared with the number its
own past rate predicts (baseline stories scaled to the window's length). The score is that excess over the
square root of the prediction (a Poisson z-score, plus one so a first appearance is not infinite), which
ranks a rise from 20 to 40 above one from 1 to 3.
"""

from __future__ import annotations

import math

import pandas as pd

MIN_RECENT = 2  # a single story is not a trend


def momentum(counts: pd.DataFrame, recent_days: int, baseline_days: int, top: int = 8) -> pd.DataFrame:
    """The `top` risers per dimension from rows (dimension, key, recent, baseline), best first.

    Adds `expected` (the baseline rate over the recent window), `lift` ((recent+1)/(expected+1)) and `score`.
    """
    columns = ["dimension", "key", "recent", "baseline", "expected", "lift", "score"]
    if counts.empty or recent_days <= 0:
        return pd.DataFrame(columns=columns)
    scale = recent_days / baseline_days if baseline_days > 0 else 0.0
    frame = counts.astype({"recent": "int64", "baseline": "int64"}).copy()
    frame["expected"] = frame["baseline"] * scale
    frame["lift"] = (frame["recent"] + 1) / (frame["expected"] + 1)
    frame["score"] = (frame["recent"] - frame["expected"]) / (frame["expected"] + 1).map(math.sqrt)
    risers = frame[(frame["recent"] >= MIN_RECENT) & (frame["recent"] > frame["expected"])]
    risers = risers.sort_values(["dimension", "score", "recent", "key"], ascending=[True, False, False, True])
    return risers.groupby("dimension", group_keys=False).head(top)[columns].reset_index(drop=True)
