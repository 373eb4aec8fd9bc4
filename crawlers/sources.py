"""The source registry: `sources.yaml` parsed into validated models."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, HttpUrl, ValidationError, field_validator

REGISTRY = Path(__file__).parent / "sources.yaml"


class SourceConfigError(ValueError):
    """A sources file that cannot be used; the message names the file, source and field."""


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    kind: Literal["trade_press", "wire", "newsroom"]
    home: HttpUrl
    feeds: list[HttpUrl] = Field(default_factory=list)
    sitemaps: list[HttpUrl] = Field(default_factory=list)
    listings: list[HttpUrl] = Field(default_factory=list)
    max_pages: int = Field(default=20, ge=1, le=1000)
    relevance: Literal["all", "cdmo"] = "all"

    @field_validator("feeds", "sitemaps", "listings", mode="before")
    @classmethod
    def _none_is_empty(cls, value: object) -> object:
        return [] if value is None else value

    @property
    def domains(self) -> set[str]:
        """Hosts this source may be crawled on: its home and every entry point."""
        urls = [self.home, *self.feeds, *self.sitemaps, *self.listings]
        return {u.host for u in urls if u.host}


class SourceRegistry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sources: list[Source]


def _describe(error: dict, raw_sources: list) -> str:
    loc = list(error["loc"])
    where = ""
    if len(loc) >= 2 and loc[0] == "sources" and isinstance(loc[1], int):
        index = loc[1]
        name = None
        if index < len(raw_sources) and isinstance(raw_sources[index], dict):
            name = raw_sources[index].get("name")
        where = f"source {name!r}" if name else f"source #{index + 1}"
        loc = loc[2:]
    field = ".".join(str(p) for p in loc) or "(entry)"
    return f"{where + ', ' if where else ''}field {field}: {error['msg']}"


def parse_sources(text: str, origin: str = "<string>") -> list[Source]:
    """Parse and validate a sources document; raise SourceConfigError naming the place of the first fault."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" line {mark.line + 1}" if mark else ""
        raise SourceConfigError(f"{origin}:{line} not valid YAML ({getattr(exc, 'problem', exc)})") from None
    if not isinstance(data, dict) or "sources" not in data:
        raise SourceConfigError(f"{origin}: expected a mapping with a 'sources' list")
    raw_sources = data.get("sources") or []
    try:
        registry = SourceRegistry.model_validate(data)
    except ValidationError as exc:
        raise SourceConfigError(f"{origin}: {_describe(exc.errors()[0], raw_sources)}") from None
    seen: set[str] = set()
    for source in registry.sources:
        if source.name in seen:
            raise SourceConfigError(f"{origin}: source {source.name!r}, field name: duplicate name")
        seen.add(source.name)
    return registry.sources


def load_sources(path: Path) -> list[Source]:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise SourceConfigError(f"{path}: cannot read ({exc.strerror})") from None
    return parse_sources(text, origin=str(path))


def find_source(name: str, path: Path | str | None = None) -> Source:
    """One entry of a registry by name (default: $RADAR_SOURCES, else crawlers/sources.yaml); for `scrapy crawl`."""
    registry = Path(path or os.environ.get("RADAR_SOURCES") or REGISTRY)
    for source in load_sources(registry):
        if source.name == name:
            return source
    raise SourceConfigError(f"{registry}: no source named {name!r}")
