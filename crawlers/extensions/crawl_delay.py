"""Honour robots.txt `Crawl-delay`, which Scrapy reads but does not apply: it becomes the delay of that
host's download slot (one request at a time, no jitter), kept for the rest of the crawl."""

from __future__ import annotations

import logging
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

logger = logging.getLogger(__name__)


def robots_delay(robotparser: Any, user_agent: str, max_delay: float) -> float | None:
    """The Crawl-delay robots.txt sets for `user_agent`, at most `max_delay`; None when it sets none."""
    delay = robotparser.crawl_delay(user_agent)
    if not delay or delay <= 0:
        return None
    return min(float(delay), max_delay)


class RobotsCrawlDelay:
    def __init__(self, crawler: Crawler) -> None:
        if not crawler.settings.getbool("ROBOTSTXT_OBEY"):
            raise NotConfigured
        self.crawler = crawler
        self.max_delay = crawler.settings.getfloat("RADAR_MAX_CRAWL_DELAY", 60.0)
        self.user_agent = crawler.settings.get("ROBOTSTXT_USER_AGENT") or crawler.settings.get("USER_AGENT")
        self.delays: dict[str, float] = {}  # download slot → Crawl-delay in force
        crawler.signals.connect(self.robots_parsed, signal=signals.robots_parsed)
        # Connected after AutoThrottle's own handler (this extension loads later), so it has the last word.
        crawler.signals.connect(self.keep_delay, signal=signals.response_downloaded)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "RobotsCrawlDelay":
        return cls(crawler)

    def robots_parsed(self, robotparser: Any, request: Any) -> None:
        delay = robots_delay(robotparser, self.user_agent, self.max_delay)
        if delay is None:
            return
        if robotparser.crawl_delay(self.user_agent) > self.max_delay:
            # Obeying a delay of hours would stall the run; the cap is logged so the gap is visible.
            logger.warning("%s: robots.txt Crawl-delay %.0fs capped at %.0fs", request.url,
                           robotparser.crawl_delay(self.user_agent), self.max_delay)
        downloader = self.crawler.engine.downloader
        key = downloader.get_slot_key(request)
        downloader.per_slot_settings[key] = {"delay": delay, "jitter": 0.0, "concurrency": 1}
        slot = downloader.slots.get(key)
        if slot is not None:
            slot.delay, slot.jitter, slot.concurrency = delay, 0.0, 1
        self.delays[key] = delay
        self.crawler.stats.set_value("radar/robots_crawl_delay", delay)

    def keep_delay(self, response: Any, request: Any, spider: Any) -> None:
        """AutoThrottle lowers a slot's delay after fast responses; never below the host's Crawl-delay."""
        downloader = self.crawler.engine.downloader
        key = downloader.get_slot_key(request)
        floor = self.delays.get(key)
        slot = downloader.slots.get(key)
        if floor is not None and slot is not None and slot.delay < floor:
            slot.delay = floor
