from __future__ import annotations

from typing import Any


class CrawlerAwarePipeline:
    """Keeps the crawler (Scrapy 2.13+ no longer passes the spider to pipeline methods)."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Any) -> "CrawlerAwarePipeline":
        return cls(crawler)

    def count(self, key: str) -> None:
        self.crawler.stats.inc_value(f"radar/{key}")
