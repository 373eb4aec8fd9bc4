"""Countries to the regions BD teams think in, and country names found in free-text locations.

Companies carry an ISO 3166-1 alpha-2 `hq_country`; events may carry a `country`; articles carry `locations`
as written ("Visp, Switzerland"). A story's regions are the union over all three, so a Swiss CDMO's plant
in North Carolina counts for both Europe and North America.
"""

from __future__ import annotations

import re

from warehouse.regions import COUNTRY_REGION as REGION_OF_COUNTRY
from warehouse.regions import REGIONS

# Names as they appear at the end of a location ("Visp, Switzerland", "Boston, MA"), lower case.
_COUNTRY_NAMES = {
    "austria": "AT", "belgium": "BE", "bulgaria": "BG", "switzerland": "CH", "czech republic": "CZ",
    "czechia": "CZ", "germany": "DE", "denmark": "DK", "spain": "ES", "finland": "FI", "france": "FR",
    "united kingdom": "GB", "uk": "GB", "england": "GB", "scotland": "GB", "wales": "GB", "northern ireland": "GB",
    "greece": "GR", "croatia": "HR", "hungary": "HU", "ireland": "IE", "iceland": "IS", "italy": "IT",
    "lithuania": "LT", "luxembourg": "LU", "latvia": "LV", "malta": "MT", "netherlands": "NL",
    "the netherlands": "NL", "norway": "NO", "poland": "PL", "portugal": "PT", "romania": "RO", "serbia": "RS",
    "sweden": "SE", "slovenia": "SI", "slovakia": "SK", "ukraine": "UA", "estonia": "EE", "cyprus": "CY",
    "united states": "US", "united states of america": "US", "usa": "US", "u.s": "US", "us": "US",
    "canada": "CA", "mexico": "MX", "brazil": "BR", "argentina": "AR", "chile": "CL", "colombia": "CO",
    "peru": "PE", "puerto rico": "PR", "costa rica": "CR", "china": "CN", "japan": "JP", "south korea": "KR",
    "korea": "KR", "republic of korea": "KR", "india": "IN", "singapore": "SG", "australia": "AU",
    "new zealand": "NZ", "taiwan": "TW", "hong kong": "HK", "malaysia": "MY", "thailand": "TH",
    "vietnam": "VN", "indonesia": "ID", "philippines": "PH", "israel": "IL", "turkey": "TR", "türkiye": "TR",
    "saudi arabia": "SA", "united arab emirates": "AE", "uae": "AE", "qatar": "QA", "egypt": "EG",
    "south africa": "ZA", "nigeria": "NG", "kenya": "KE", "morocco": "MA", "rwanda": "RW",
}
# US states and Canadian provinces close many North American locations instead of a country name. English
# trade press writes other countries out in full, so a two-letter suffix ("Boston, MA") is read as a US state
# or Canadian province even where it is also some country's ISO code.
_US_STATES = {
    "alabama", "alaska", "arizona", "arkansas", "california", "colorado", "connecticut", "delaware", "florida",
    "hawaii", "idaho", "illinois", "indiana", "iowa", "kansas", "kentucky", "louisiana", "maine",
    "maryland", "massachusetts", "michigan", "minnesota", "mississippi", "missouri", "montana", "nebraska",
    "nevada", "new hampshire", "new jersey", "new mexico", "new york", "north carolina", "north dakota", "ohio",
    "oklahoma", "oregon", "pennsylvania", "rhode island", "south carolina", "south dakota", "tennessee",
    "texas", "utah", "vermont", "virginia", "washington", "west virginia", "wisconsin", "wyoming",
    "al", "ak", "az", "ar", "ca", "co", "ct", "de", "fl", "ga", "ia", "id", "il", "in", "ks", "ky", "la", "ma",
    "md", "me", "mi", "mn", "mo", "ms", "mt", "nc", "nd", "ne", "nh", "nj", "nm", "nv", "ny", "oh", "ok", "or",
    "pa", "ri", "sc", "sd", "tn", "tx", "ut", "va", "vt", "wa", "wi", "wv", "wy", "d.c", "dc",
    # AP style, as US wires write them ("Allendale, N.J.", "Everett, Wash."); the final dot is stripped first.
    "ala", "ariz", "ark", "calif", "colo", "conn", "del", "fla", "ill", "ind", "kan", "mass", "mich", "minn",
    "miss", "mont", "neb", "nev", "n.h", "n.j", "n.m", "n.y", "n.c", "n.d", "okla", "ore", "r.i", "s.c", "s.d",
    "tenn", "wash", "w.va", "wis", "wyo",
}
_CANADIAN_PROVINCES = {"ontario", "quebec", "british columbia", "alberta", "manitoba", "nova scotia",
                       "on", "qc", "bc", "ab", "mb", "ns"}


def region_of(country: object) -> str | None:
    """The region of an ISO alpha-2 code; None for an unknown or missing code (None, NaN, '')."""
    if not isinstance(country, str) or not country:
        return None
    return REGION_OF_COUNTRY.get(country.strip().upper())


def country_of_location(location: str | None) -> str | None:
    """ISO alpha-2 for a written location, judged by its last comma-separated part ("Visp, Switzerland")."""
    if not location:
        return None
    parts = [p.strip().lower().rstrip(".") for p in location.split(",") if p.strip()]
    if not parts:
        return None
    last = re.sub(r"\s+", " ", parts[-1])
    if last in _COUNTRY_NAMES:
        return _COUNTRY_NAMES[last]
    if len(parts) > 1:  # a lone "Georgia" or "Washington" could be anything
        if last in _US_STATES:
            return "US"
        if last in _CANADIAN_PROVINCES:
            return "CA"
    return None


def normalise_region(name: str) -> str | None:
    """The canonical spelling of a region name, accepting any case; None when it is not a region."""
    wanted = re.sub(r"\s+", " ", name.strip()).lower()
    for region in REGIONS:
        if region.lower() == wanted:
            return region
    return None


def regions_of(countries: list[object], locations: list[object]) -> frozenset[str]:
    """Every region that any of the country codes or written locations falls in."""
    codes = list(countries) + [country_of_location(loc) for loc in locations if isinstance(loc, str)]
    return frozenset(r for r in (region_of(c) for c in codes) if r)
