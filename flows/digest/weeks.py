"""ISO weeks as the digest names them ("2025-W33"), with their UTC bounds."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

_PATTERN = re.compile(r"^\s*(\d{4})-?W(\d{1,2})\s*$", re.IGNORECASE)


class WeekError(ValueError):
    """A week that is not written as YYYY-Www or does not exist."""


@dataclass(frozen=True, order=True)
class IsoWeek:
    year: int
    week: int

    def __post_init__(self) -> None:
        if not 1 <= self.week <= weeks_in_year(self.year):
            raise WeekError(f"{self.year} has no ISO week {self.week} (it has {weeks_in_year(self.year)})")

    @classmethod
    def parse(cls, text: str) -> IsoWeek:
        """'2025-W33' (also '2025W33', '2025-w33'); anything else is refused with the reason."""
        match = _PATTERN.match(text)
        if not match:
            raise WeekError(f"{text!r}: expected an ISO week such as 2025-W33")
        year, week = int(match.group(1)), int(match.group(2))
        if not 1 <= year <= 9998:
            # The digest reads the week before and the week after too: 9999 would run past the calendar.
            raise WeekError(f"{text!r}: year out of range (1-9998)")
        return cls(year, week)

    @classmethod
    def containing(cls, day: date) -> IsoWeek:
        year, week, _ = day.isocalendar()
        return cls(year, week)

    @property
    def monday(self) -> date:
        return date.fromisocalendar(self.year, self.week, 1)

    @property
    def start(self) -> datetime:
        """Monday 00:00 UTC: the warehouse's weekly views cut weeks in UTC too."""
        return datetime.combine(self.monday, time.min, tzinfo=timezone.utc)

    @property
    def end(self) -> datetime:
        """The next Monday 00:00 UTC (exclusive)."""
        return self.start + timedelta(days=7)

    def shift(self, weeks: int) -> IsoWeek:
        return IsoWeek.containing(self.monday + timedelta(weeks=weeks))

    def __str__(self) -> str:
        return f"{self.year}-W{self.week:02d}"


def weeks_in_year(year: int) -> int:
    """52 or 53: December 28 always lies in the year's last ISO week."""
    return date(year, 12, 28).isocalendar()[1]


def previous_week(today: date) -> IsoWeek:
    """The last complete ISO week before `today`: what a Monday-morning digest reports on."""
    return IsoWeek.containing(today - timedelta(days=7))
