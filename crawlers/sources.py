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
    kind: Literal["trade_press", "wire", "newsroom"] | None = None
    home: HttpUrl
    feeds: list[HttpUrl] = Field(default_factory=list)
    sitemaps: list[HttpUrl] = Field(default_factory=list)
    listings: list[HttpUrl] = Field(default_factory=list)
    # Find entry points from the home host: robots.txt Sitemap: lines and the home page's feed links (and the
    # home page itself as a listing). Default: only for a source that names none.
    discover: bool | None = None
    max_pages: int = Field(default=20, ge=1, le=1000)
    # Bounds on one run's work for this source: past them the source stops and is reported as partial.
    max_links_per_listing: int = Field(default=300, ge=1, le=10_000)
    max_articles_per_run: int = Field(default=2_000, ge=1, le=1_000_000)
    time_budget_seconds: float = Field(default=1_800, gt=0, le=86_400)
    relevance: Literal["all", "cdmo"] = "all"

    @field_validator("feeds", "sitemaps", "listings", mode="before")
    @classmethod
    def _none_is_empty(cls, value: object) -> object:
        return [] if value is None else value

    @property
    def discovers(self) -> bool:
        return self.discover if self.discover is not None else not (self.feeds or self.sitemaps or self.listings)

    @property
    def domains(self) -> set[str]:
        """Hosts this source may be crawled on: its home and every entry point."""
        urls = [self.home, *self.feeds, *self.sitemaps, *self.listings]
        return {u.host for u in urls if u.host}

    @property
    def origins(self) -> set[tuple[str, int | None]]:
        """(host, port) of the home and every entry point; port None for the web's default ports (80 and 443
        are one site, as http and https links mix), a number otherwise: 127.0.0.1:8001 and :8002 are two sites."""
        urls = [self.home, *self.feeds, *self.sitemaps, *self.listings]
        return {(u.host.lower(), None if u.port in (None, 80, 443) else u.port) for u in urls if u.host}


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
    except UnicodeDecodeError as exc:
        raise SourceConfigError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    return parse_sources(text, origin=str(path))


def find_source(name: str, path: Path | str | None = None) -> Source:
    """One entry of a registry by name (default: $RADAR_SOURCES, else crawlers/sources.yaml); for `scrapy crawl`."""
    registry = Path(path or os.environ.get("RADAR_SOURCES") or REGISTRY)
    for source in load_sources(registry):
        if source.name == name:
            return source
    raise SourceConfigError(f"{registry}: no source named {name!r}")
