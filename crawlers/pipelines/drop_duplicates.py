from __future__ import annotations

from typing import Any

from scrapy.exceptions import DropItem

from crawlers.pipelines.base import CrawlerAwarePipeline


class DropDuplicateArticles(CrawlerAwarePipeline):
    """One article collected once: several URLs (tracking parameters, aliases) may share a canonical URL.

    With Redis (REDIS_URL, set from RADAR_REDIS_URL), the ids collected so far are a set of the run that every
    worker adds to, so two workers that fetch two aliases of one story write it once between them.
    """

    def __init__(self, crawler: Any) -> None:
        super().__init__(crawler)
        self.seen_ids: set[str] = set()
        self.client: Any = None
        settings = crawler.settings
        if settings.get("REDIS_URL") and settings.get("RADAR_REDIS_RUN"):
            import redis

            self.client = redis.Redis.from_url(settings.get("REDIS_URL"))
            self.key_pattern = f"radar:{settings.get('RADAR_REDIS_RUN')}:%(spider)s:items"
            self.ttl = settings.getint("RADAR_REDIS_KEY_TTL", 24 * 3600)

    def _first_time(self, item_id: str) -> bool:
        if self.client is None:
            return item_id not in self.seen_ids
        key = self.key_pattern % {"spider": self.crawler.spider.name}
        added = self.client.sadd(key, item_id)
        self.client.expire(key, self.ttl)
        return bool(added)

    def process_item(self, item: dict) -> dict:
        if item["id"] in self.seen_ids or not self._first_time(item["id"]):
            self.count("skipped/duplicate")
            raise DropItem(f"{item['url']}: duplicate of {item['canonical_url']}")
        self.seen_ids.add(item["id"])
        return item
