"""How the dashboard names periods."""

from __future__ import annotations

import pandas as pd


def iso_week_label(day: pd.Timestamp) -> str:
    """'2026-W01' for the ISO week holding `day` (the year is the ISO year: 2025-12-29 is 2026-W01), as the
    digest names weeks; Vega-Lite's own week unit counts from Sunday and prints "W00"."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"
