"""The sidebar filters every page shares, and their round trip through the URL's query parameters.

A view is shared by copying its URL: `?from=2025-01-01&to=2025-06-30&pillar=infrastructure&place=Europe`.
List filters repeat their key (`company=Lonza&company=Siegfried`). Values the warehouse does not hold and
dates that do not parse are dropped, so an old or hand-edited link still opens.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace
from datetime import date, datetime, time, timedelta, timezone

DEFAULT_DAYS = 365

# URL key → Filters field, for the list filters.
LIST_KEYS = {
    "pillar": "pillars", "event": "event_types", "company": "companies", "place": "places",
    "modality": "modalities", "source": "sources",
}
FILTER_KEYS = ("from", "to", *LIST_KEYS)


@dataclass(frozen=True)
class Facets:
    """What the warehouse holds: the choices each filter offers."""

    first_day: date | None
    last_day: date | None
    sources: tuple[str, ...] = ()
    pillars: tuple[str, ...] = ()
    event_types: tuple[str, ...] = ()
    modalities: tuple[str, ...] = ()
    companies: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return self.first_day is None or self.last_day is None


@dataclass(frozen=True)
class Filters:
    start: date
    end: date  # inclusive
    pillars: tuple[str, ...] = ()
    event_types: tuple[str, ...] = ()
    companies: tuple[str, ...] = ()
    places: tuple[str, ...] = ()  # regions and/or country codes, as chosen
    modalities: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()

    def narrowed(self, **changes: object) -> Filters:
        return replace(self, **changes)  # type: ignore[arg-type]

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Filters:
        """The period of the same length just before this one."""
        return replace(self, start=self.start - timedelta(days=self.days), end=self.start - timedelta(days=1))


def default_filters(facets: Facets) -> Filters:
    """The last twelve months of data, everything else open."""
    assert facets.first_day is not None and facets.last_day is not None
    return Filters(start=max(facets.first_day, facets.last_day - timedelta(days=DEFAULT_DAYS - 1)),
                   end=facets.last_day)


def _parse_day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def place_choices(facets: Facets) -> tuple[str, ...]:
    from dashboard.regions import region_of

    regions = sorted({region_of(c) for c in facets.countries})
    return (*regions, *facets.countries)


def choices(facets: Facets, key: str) -> tuple[str, ...]:
    """The values the filter behind URL key `key` may take."""
    if key == "place":
        return place_choices(facets)
    return getattr(facets, LIST_KEYS[key])


def filters_from_query(params: Mapping[str, Sequence[str]], facets: Facets) -> Filters:
    """Filters from query parameters (each key → its values), checked against what the warehouse holds."""
    default = default_filters(facets)
    assert facets.first_day is not None and facets.last_day is not None
    start = _parse_day((params.get("from") or [None])[-1]) or default.start
    end = _parse_day((params.get("to") or [None])[-1]) or default.end
    start = min(max(start, facets.first_day), facets.last_day)
    end = min(max(end, start), facets.last_day)
    lists = {}
    for key, field in LIST_KEYS.items():
        allowed = set(choices(facets, key))
        lists[field] = tuple(dict.fromkeys(v for v in params.get(key, ()) if v in allowed))
    return Filters(start=start, end=end, **lists)


def filters_to_query(filters: Filters, facets: Facets) -> dict[str, list[str]]:
    """The query parameters that reproduce `filters` (defaults left out to keep links short)."""
    default = default_filters(facets)
    out: dict[str, list[str]] = {}
    if filters.start != default.start:
        out["from"] = [filters.start.isoformat()]
    if filters.end != default.end:
        out["to"] = [filters.end.isoformat()]
    for key, field in LIST_KEYS.items():
        values = getattr(filters, field)
        if values:
            out[key] = list(values)
    return out


def utc_bounds(filters: Filters) -> tuple[datetime, datetime]:
    """The period as [start, end) instants in UTC, as the queries compare dated_at (published, else first seen)."""
    return (datetime.combine(filters.start, time.min, timezone.utc),
            datetime.combine(filters.end + timedelta(days=1), time.min, timezone.utc))


def describe(filters: Filters) -> str:
    """One line saying what the filters select, for captions and CSV file names."""
    parts = [f"{filters.start:%Y-%m-%d} to {filters.end:%Y-%m-%d}"]
    for field in fields(Filters):
        if field.name in ("start", "end"):
            continue
        values = getattr(filters, field.name)
        if values:
            parts.append(f"{field.name.replace('_', ' ')}: {', '.join(values)}")
    return "; ".join(parts)
