from __future__ import annotations

from scrapy.exceptions import DropItem

from crawlers.pipelines.base import CrawlerAwarePipeline


class DropIncompleteArticles(CrawlerAwarePipeline):
    """Drop items without a title or body; count the reason instead of failing."""

    def process_item(self, item: dict) -> dict:
        for field in ("title", "text"):
            if not (item.get(field) or "").strip():
                self.count(f"skipped/missing_{field}")
                raise DropItem(f"{item.get('url')}: no {field}")
        return item
