"""Countries (ISO 3166-1 alpha-2, as the warehouse stores them) by name and by the region analysts group them in.

The table is warehouse/regions.py; a code not listed there shows as itself, in "Other".
"""

from __future__ import annotations

from warehouse.regions import COUNTRY_NAMES, COUNTRY_REGION

OTHER = "Other"


_CODE_BY_NAME = {name.lower(): code for code, name in COUNTRY_NAMES.items()}


def _code(country: str) -> str:
    # The warehouse stores ISO codes; a country written out in full ("Ireland") is looked up by name.
    return country.upper() if len(country) == 2 else _CODE_BY_NAME.get(country.lower(), country)


def region_of(country: str | None) -> str:
    return COUNTRY_REGION.get(_code(country or ""), OTHER)


def country_name(country: str) -> str:
    return COUNTRY_NAMES.get(_code(country), country)


def countries_for(places: tuple[str, ...] | list[str], known: list[str]) -> tuple[str, ...]:
    """The country codes a choice of regions and countries stands for, among the countries in the warehouse."""
    chosen = set(places)
    return tuple(sorted(c for c in known if c in chosen or region_of(c) in chosen))


def region_lists(known: list[str]) -> tuple[list[str], list[str]]:
    """Two parallel lists (country, region) for the queries that group by region."""
    return list(known), [region_of(c) for c in known]
