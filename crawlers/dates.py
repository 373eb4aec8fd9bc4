"""Parse the date strings news pages carry (ISO 8601, "May 1, 2024, 08:00 ET", "01.05.2024", "21. November 2024",
"2024年11月21日", URL dates).

Pure functions. A value is returned only when the text states a whole calendar date; a time is kept only
when its zone is known, so every datetime returned carries an offset. Nothing is guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from crawlers.foreign_dates import find_foreign_date

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4, "may": 5,
    "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9,
    "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}
# Zone abbreviations that news pages print after a time. Regional names map to a zone so that daylight
# saving follows the date (ET in May is UTC-4); explicit standard/summer names are fixed offsets.
ZONES: dict[str, ZoneInfo | timezone] = {
    "UTC": timezone.utc, "GMT": timezone.utc, "Z": timezone.utc,
    "ET": ZoneInfo("America/New_York"), "EST": timezone(timedelta(hours=-5)), "EDT": timezone(timedelta(hours=-4)),
    "CT": ZoneInfo("America/Chicago"), "CST": timezone(timedelta(hours=-6)), "CDT": timezone(timedelta(hours=-5)),
    "MT": ZoneInfo("America/Denver"), "MST": timezone(timedelta(hours=-7)), "MDT": timezone(timedelta(hours=-6)),
    "PT": ZoneInfo("America/Los_Angeles"), "PST": timezone(timedelta(hours=-8)),
    "PDT": timezone(timedelta(hours=-7)),
    "CET": timezone(timedelta(hours=1)), "CEST": timezone(timedelta(hours=2)),
    "BST": timezone(timedelta(hours=1)), "KST": timezone(timedelta(hours=9)), "JST": timezone(timedelta(hours=9)),
    "HKT": timezone(timedelta(hours=8)), "SGT": timezone(timedelta(hours=8)),
    "AEST": timezone(timedelta(hours=10)), "AEDT": timezone(timedelta(hours=11)),
}

_MONTH = r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|" \
         r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_TIME = (
    r"(?:\s*(?:,|at|-|–|\|)?\s*(?P<hour>[0-2]?\d)[:.h](?P<minute>[0-5]\d)(?::(?P<second>[0-5]\d))?"
    r"\s*(?P<ampm>[ap]\.?\s?m\.?)?\s*\(?(?P<zone>" + "|".join(sorted(ZONES, key=len, reverse=True)) +
    r"|[+-]\d\d:?\d\d)?\)?(?![\w:]))?"
)
_WB = r"(?<![\w/.-])"
PATTERNS = [
    # 2024-05-01, 2024-05-01T08:00:00+02:00, 2024/05/01, 2024.05.01 (Korean and Chinese sites), 2024-06-04 08:00 CEST
    re.compile(_WB + r"(?P<year>(?:19|20)\d\d)(?P<sep>[-/.])(?P<mnum>[01]?\d)(?P=sep)(?P<day>[0-3]?\d)"
               r"(?:[T ](?P<hour>[0-2]\d):(?P<minute>[0-5]\d)(?::(?P<second>[0-5]\d)(?:\.\d+)?)?"
               r"\s*\(?(?P<zone>Z|[+-]\d\d:?\d\d|" + "|".join(sorted(ZONES, key=len, reverse=True)) + r")?\)?)?"
               r"(?![\d\w])", re.I),
    # May 1, 2024 [, 08:00 ET]
    re.compile(_WB + _MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR + _TIME, re.I),
    # 1 May 2024, 01-May-2024, 1st May, 2024 [08:00 CET]
    re.compile(_WB + _DAY + r"(?:\s+|-|\.\s*)" + _MONTH + r"(?:,?\s+|-)" + _YEAR + _TIME, re.I),
    # 01.05.2024 (day first: how German, Swiss and most European sites print dates)
    re.compile(_WB + r"(?P<day>[0-3]?\d)\.(?P<mnum>[01]?\d)\.(?P<year>(?:19|20)\d\d)" + _TIME, re.I),
    # Fri Apr 28 19:20:36 CEST 2023 (Java's Date.toString and Unix `date`, printed by some CMSes)
    re.compile(_WB + r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+" + _MONTH + r"\s+" + _DAY +
               r"\s+(?P<hour>[0-2]?\d):(?P<minute>[0-5]\d)(?::(?P<second>[0-5]\d))?\s+(?P<zone>" +
               "|".join(sorted(ZONES, key=len, reverse=True)) + r"|[+-]\d\d:?\d\d)?\s*" + _YEAR + r"(?!\d)", re.I),
    # 05/01/2024: ambiguous unless one part is above 12
    re.compile(_WB + r"(?P<first>[0-3]?\d)/(?P<second_part>[0-3]?\d)/(?P<year>(?:19|20)\d\d)" + _TIME, re.I),
]
URL_PATTERNS = [
    re.compile(r"/(?P<year>(?:19|20)\d\d)/(?P<mnum>[01]\d)/(?P<day>[0-3]\d)(?:/|$|-)"),
    re.compile(r"(?<![\d])(?P<year>(?:19|20)\d\d)-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)(?![\d])"),
    # Business Wire style: 20240501005123 (date then a sequence number)
    re.compile(r"/(?P<year>20\d\d)(?P<mnum>[01]\d)(?P<day>[0-3]\d)(?:\d{6})?(?:/|-|_|\.|$)"),
]


@dataclass(frozen=True)
class FoundDate:
    """A calendar date, with a time when the text gave one together with its zone."""

    day: date
    moment: datetime | None = None

    def iso(self) -> str:
        return self.moment.isoformat() if self.moment else self.day.isoformat()


def _zone(name: str | None) -> ZoneInfo | timezone | None:
    if not name:
        return None
    name = name.strip()
    if name.upper() in ZONES:
        return ZONES[name.upper()]
    match = re.fullmatch(r"([+-])(\d\d):?(\d\d)", name)
    if match:
        sign = 1 if match.group(1) == "+" else -1
        return timezone(sign * timedelta(hours=int(match.group(2)), minutes=int(match.group(3))))
    return None


def _build(year: int, month: int, day: int, groups: dict) -> FoundDate | None:
    try:
        found = date(year, month, day)
    except ValueError:
        return None
    hour, zone = groups.get("hour"), _zone(groups.get("zone"))
    if hour is None or zone is None:
        return FoundDate(found)
    hour_value = int(hour)
    ampm = (groups.get("ampm") or "").replace(".", "").replace(" ", "").lower()
    if ampm == "pm" and hour_value < 12:
        hour_value += 12
    elif ampm == "am" and hour_value == 12:
        hour_value = 0
    try:
        clock = time(hour_value, int(groups["minute"]), int(groups.get("second") or 0))
    except ValueError:
        return FoundDate(found)
    moment = datetime.combine(found, clock, tzinfo=zone)
    if isinstance(zone, ZoneInfo):  # pin the offset: ISO output needs a fixed one
        moment = moment.astimezone(timezone(moment.utcoffset() or timedelta(0)))
    return FoundDate(found, moment)


def _from_match(match: re.Match, day_first: bool | None) -> FoundDate | None:
    groups = match.groupdict()
    year = int(groups["year"])
    if groups.get("month"):
        month = MONTHS[groups["month"].lower().rstrip(".")]
        day = int(groups["day"])
    elif groups.get("mnum"):
        month, day = int(groups["mnum"]), int(groups["day"])
    else:
        first, second = int(groups["first"]), int(groups["second_part"])
        if first > 12 >= second:
            day, month = first, second
        elif second > 12 >= first:
            month, day = first, second
        elif first == second:
            month = day = first
        elif day_first is None:
            return None
        else:
            day, month = (first, second) if day_first else (second, first)
    return _build(year, month, day, groups)


def parse_date_text(text: str, day_first: bool | None = None) -> FoundDate | None:
    """The first whole date stated in `text`, or None. `day_first` settles 05/01/2024 (None: refuse). English
    forms first, then other languages' (crawlers/foreign_dates.py)."""
    best: tuple[int, FoundDate] | None = None
    for pattern in PATTERNS:
        for match in pattern.finditer(text):
            found = _from_match(match, day_first)
            if found and (best is None or match.start() < best[0]):
                best = (match.start(), found)
            if found:
                break
    if best:
        return best[1]
    foreign = find_foreign_date(text)
    return _build(*foreign, {}) if foreign else None


def parse_iso(value: str | None) -> FoundDate | None:
    """A machine-readable date (JSON-LD, meta tags, <time datetime>); RFC 822 forms are accepted too."""
    if not value or not isinstance(value, str):
        return None
    value = value.strip()
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return parse_date_text(value)
    if parsed.tzinfo is None:
        # A clock time without a zone says nothing reliable about the instant; keep the calendar date.
        return FoundDate(parsed.date())
    return FoundDate(parsed.date(), parsed)


def date_from_url(url: str) -> FoundDate | None:
    """A date written in the URL path (/2024/05/01/, 2024-05-01, /20240501005123/)."""
    path = url.split("?", 1)[0].split("#", 1)[0]
    path = path.split("://", 1)[-1]
    path = path[path.find("/"):] if "/" in path else ""
    for pattern in URL_PATTERNS:
        match = pattern.search(path)
        if match:
            found = _from_match(match, None)
            if found:
                return found
    return None


EARLIEST = date(1990, 1, 1)  # no news page of this trade is older


def is_plausible(found: FoundDate | None, now: datetime) -> bool:
    """Not in the future (a day of slack for sites ahead of UTC) and not before the web."""
    if found is None:
        return False
    if found.moment is not None and found.moment > now + timedelta(hours=1):
        return False
    return EARLIEST <= found.day <= (now + timedelta(days=1)).date()


def plausible_iso(value: str | None, now: datetime | None = None) -> str | None:
    """An ISO date or datetime from a feed or sitemap, or None when it is before 1990 or more than a day
    ahead (a feed entry dated 9999 must not reach the warehouse)."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    now = now or datetime.now(timezone.utc)
    aware = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    if aware.date() < EARLIEST or aware > now + timedelta(days=1):
        return None
    return value
