"""The crawl record: one line of the raw JSONL (the bronze layer)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from crawlers.date_source import DateSource


class CrawlRecord(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: str
    url: str
    canonical_url: str
    source: str
    title: str
    published: str | None
    # Where `published` came from; first-seen when no date was found (published is then null).
    date_source: DateSource
    author: str | None
    text: str
    lang: str | None  # ISO 639-1, detected from the text; the page's markup for very short texts
    # The page shows a paywalled teaser, not the whole story (crawlers/teaser.py); the record is kept.
    is_teaser: bool = False
    fetched_at: str
    discovered_via: Literal["feed", "sitemap", "listing"]
