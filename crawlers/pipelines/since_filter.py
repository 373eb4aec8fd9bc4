from __future__ import annotations

from scrapy.exceptions import DropItem

from crawlers.pipelines.base import CrawlerAwarePipeline


class DropOlderThanSince(CrawlerAwarePipeline):
    """Honour `--since`: drop articles published before it (undated articles are kept)."""

    def process_item(self, item: dict) -> dict:
        since = getattr(self.crawler.spider, "since", None)
        published = item.get("published")
        if since and published and published[:10] < since:
            self.count("skipped/before_since")
            raise DropItem(f"{item['url']}: published {published[:10]} before {since}")
        return item
