"""The week's numbers and the trend series, from the team's stories over the last weeks. Pure functions."""

from __future__ import annotations

import pandas as pd

from flows.digest.content import Figure, WeekCount
from flows.digest.weeks import IsoWeek

TREND_WEEKS = 12  # the chart's span; the figures need 8 (this week, and 4-week averages of two blocks)

# key, label, unit, the column summed, and the pillar a team must follow for the figure to be shown.
FIGURES = (
    ("stories", "Stories", "count", None, None),
    ("facility_usd", "Facility investment announced", "usd", "facility_usd", "infrastructure"),
    ("facility_projects", "Facility projects", "count", "facility_projects", "infrastructure"),
    ("leadership_moves", "Leadership moves", "count", "leadership_moves", "leadership"),
    ("digital_initiatives", "Digital launches and partnerships", "count", "digital_initiatives", "digital"),
)


def weeks_ending(week: IsoWeek, count: int) -> list[IsoWeek]:
    """`count` consecutive weeks, oldest first, the last one being `week`."""
    return [week.shift(-offset) for offset in range(count - 1, -1, -1)]


def weekly_totals(stories: pd.DataFrame, weeks: list[IsoWeek]) -> pd.DataFrame:
    """One row per week (zero rows filled in): stories and the signal sums, indexed by the week's Monday."""
    frame = stories.assign(
        _monday=pd.to_datetime(stories["week"]).dt.date,
        stories=1,
        facility_projects=(stories["facility_events"] > 0).astype(int),
    )
    columns = ["stories", "facility_usd", "facility_projects", "leadership_moves", "digital_initiatives"]
    totals = frame.groupby("_monday")[columns].sum() if len(frame) else pd.DataFrame(columns=columns)
    return totals.reindex([w.monday for w in weeks], fill_value=0).astype(float)


def week_figures(stories: pd.DataFrame, week: IsoWeek, pillars: tuple[str, ...] = ()) -> tuple[Figure, ...]:
    """This week against last week and the 4-week averages, for the figures of the pillars followed."""
    weeks = weeks_ending(week, 8)
    totals = weekly_totals(stories, weeks)
    figures = []
    for key, label, unit, column, pillar in FIGURES:
        if pillar and pillars and pillar not in pillars:
            continue
        series = totals[column or "stories"].tolist()
        figures.append(Figure(key=key, label=label, unit=unit, this_week=series[-1], last_week=series[-2],
                              four_week_avg=sum(series[-4:]) / 4, prior_four_week_avg=sum(series[:4]) / 4))
    return tuple(figures)


def pillar_trend(stories: pd.DataFrame, week: IsoWeek, pillars: tuple[str, ...],
                 span: int = TREND_WEEKS) -> tuple[WeekCount, ...]:
    """Stories per pillar per week over the `span` weeks ending with `week`, zeros included."""
    weeks = weeks_ending(week, span)
    mondays = pd.to_datetime(stories["week"]).dt.date if len(stories) else pd.Series(dtype=object)
    counts = stories.assign(_monday=mondays).groupby(["_monday", "pillar"]).size() if len(stories) else {}
    return tuple(WeekCount(week=w.monday, pillar=p, stories=int(counts.get((w.monday, p), 0)))
                 for w in weeks for p in pillars)

