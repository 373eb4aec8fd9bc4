from __future__ import annotations

from typing import Any

from scrapy.exceptions import DropItem

from crawlers.pipelines.base import CrawlerAwarePipeline


class DropDuplicateArticles(CrawlerAwarePipeline):
    """One article collected once: several URLs (tracking parameters, aliases) may share a canonical URL."""

    def __init__(self, crawler: Any) -> None:
        super().__init__(crawler)
        self.seen_ids: set[str] = set()

    def process_item(self, item: dict) -> dict:
        if item["id"] in self.seen_ids:
            self.count("skipped/duplicate")
            raise DropItem(f"{item['url']}: duplicate of {item['canonical_url']}")
        self.seen_ids.add(item["id"])
        return item
