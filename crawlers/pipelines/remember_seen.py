from __future__ import annotations

from crawlers.pipelines.base import CrawlerAwarePipeline


class RememberSeenArticles(CrawlerAwarePipeline):
    """After an article is written, remember its URLs so that the next crawl does not download it again."""

    def process_item(self, item: dict) -> dict:
        spider = self.crawler.spider
        keys = item.get("_seen_keys") or [item["canonical_url"]]
        spider.seen.remember(keys, "article", item.get("_reported"))
        return item
