from __future__ import annotations

from scrapy.exceptions import DropItem

from crawlers.pipelines.base import CrawlerAwarePipeline
from crawlers.relevance import is_cdmo_relevant


class RelevanceGate(CrawlerAwarePipeline):
    """For sources marked `relevance: cdmo` (broad wires): drop items the CDMO relevance gate rejects."""

    def process_item(self, item: dict) -> dict:
        spider = self.crawler.spider
        if spider.source.relevance != "cdmo" or is_cdmo_relevant(item["title"], item["text"]):
            return item
        self.count("skipped/not_relevant")
        # Remembered as seen: an off-topic release does not become relevant on the next run.
        spider.seen.remember(item.get("_seen_keys") or [item["canonical_url"]], "other", item.get("_reported"))
        raise DropItem(f"{item['url']}: not a CDMO-industry item")
