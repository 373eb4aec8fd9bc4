"""`teams.yaml`: who receives which digest. Parsed into validated models; faults name file, team and field."""

from __future__ import annotations

import os
import re
from email.utils import parseaddr
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

from crawlers.named_registry import parse_named_registry
from nlp.taxonomy import MODALITIES, PILLARS
from warehouse.regions import REGIONS, normalise_region

DEFAULT_TEAMS_FILE = Path("teams.yaml")
_ADDRESS = re.compile(r"^[^@\s<>\"',;]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)*$")


class TeamConfigError(ValueError):
    """A teams file that cannot be used; the message names the file, team and field."""


def check_address(value: str) -> str:
    """A bare e-mail address (local@domain), else ValueError with the reason."""
    name, address = parseaddr(value)
    if not address or not _ADDRESS.match(address) or (address != value.strip() and not name):
        raise ValueError(f"{value!r} is not an e-mail address")
    return address


class TeamFilters(BaseModel):
    """What a team follows. Empty lists mean everything; kinds combine with AND, values within a kind with OR."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    pillars: tuple[str, ...] = ()
    modalities: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    companies: tuple[str, ...] = ()

    @field_validator("pillars", "modalities", "regions", "companies", mode="before")
    @classmethod
    def _none_is_empty(cls, value: object) -> object:
        return () if value is None else value

    @field_validator("pillars")
    @classmethod
    def _known_pillars(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for pillar in value:
            if pillar not in PILLARS:
                raise ValueError(f"unknown pillar {pillar!r} (one of {', '.join(PILLARS)})")
        return value

    @field_validator("modalities")
    @classmethod
    def _known_modalities(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for modality in value:
            if modality not in MODALITIES:
                raise ValueError(f"unknown modality {modality!r} (one of {', '.join(MODALITIES)})")
        return value

    @field_validator("regions")
    @classmethod
    def _known_regions(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        regions = []
        for name in value:
            region = normalise_region(name)
            if region is None:
                raise ValueError(f"unknown region {name!r} (one of {', '.join(REGIONS)})")
            regions.append(region)
        return tuple(regions)

    def describe(self) -> str:
        """One line for the digest's header, e.g. 'cell_therapy · Europe'; 'all signals' when unfiltered."""
        parts = [", ".join(values) for values in (self.pillars, self.modalities, self.regions, self.companies)
                 if values]
        return " · ".join(parts) if parts else "all signals"


class Team(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    # A slug: it names Prefect artifacts and output files.
    name: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=60)
    description: str = ""
    recipients: tuple[str, ...] = Field(min_length=1)
    filters: TeamFilters = TeamFilters()
    top_per_pillar: int = Field(default=5, ge=1, le=20)

    @field_validator("filters", mode="before")
    @classmethod
    def _none_is_unfiltered(cls, value: object) -> object:
        return {} if value is None else value

    @field_validator("recipients")
    @classmethod
    def _addresses(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(check_address(v) for v in value)


class TeamRegistry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    teams: list[Team] = Field(min_length=1)


def parse_teams(text: str, origin: str = "<string>") -> list[Team]:
    """Parse and validate a teams document; raise TeamConfigError naming the place of the first fault."""
    return parse_named_registry(text, origin, TeamRegistry, "teams", "team", TeamConfigError).teams


def teams_file(explicit: str | Path | None = None) -> Path:
    """--teams, else RADAR_TEAMS, else teams.yaml in the working directory."""
    return Path(explicit or os.environ.get("RADAR_TEAMS") or DEFAULT_TEAMS_FILE)


def load_teams(path: Path) -> list[Team]:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise TeamConfigError(f"{path}: cannot read ({exc.strerror})") from None
    return parse_teams(text, origin=str(path))


def select_team(teams: list[Team], name: str | None, origin: Path | str) -> list[Team]:
    """All teams, or the one named; an unknown name is refused with the names that exist."""
    if name is None:
        return teams
    for team in teams:
        if team.name == name:
            return [team]
    raise TeamConfigError(f"{origin}: no team {name!r} (teams: {', '.join(t.name for t in teams)})")
