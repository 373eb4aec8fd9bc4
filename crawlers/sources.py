"""The source registry: `sources.yaml` parsed into validated models."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, field_validator

from crawlers.named_registry import parse_named_registry

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


def parse_sources(text: str, origin: str = "<string>") -> list[Source]:
    """Parse and validate a sources document; raise SourceConfigError naming the place of the first fault."""
    return parse_named_registry(text, origin, SourceRegistry, "sources", "source", SourceConfigError).sources


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
