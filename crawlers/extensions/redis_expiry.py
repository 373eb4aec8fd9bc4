"""Let a run's scrapy-redis keys expire once a worker finishes: persisted while workers share them (an early
finisher must not flush a queue the others still read), gone a day later instead of piling up."""

from __future__ import annotations

from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler


class ExpireRunKeys:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "ExpireRunKeys":
        return cls(crawler)

    def spider_closed(self, spider: Any, reason: str) -> None:
        import redis

        settings = self.crawler.settings
        client = redis.Redis.from_url(settings.get("REDIS_URL"))
        try:
            for setting in ("SCHEDULER_QUEUE_KEY", "SCHEDULER_DUPEFILTER_KEY"):
                client.expire(settings.get(setting) % {"spider": spider.name}, settings.getint("RADAR_REDIS_KEY_TTL"))
        finally:
            client.close()
