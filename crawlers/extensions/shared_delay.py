"""With RADAR_REDIS_URL, a host's robots.txt Crawl-delay holds across every worker of every run: before each request
to such a host, a worker books the host's next free moment in Redis (one booking per Crawl-delay, whoever asks, on
Redis's clock) and waits for it. N workers then fetch from the host no faster than one does.

The booked request then goes to a download slot of its own with no delay of its own: the host's ordinary slot
would add this worker's Crawl-delay (and AutoThrottle's) after the booking, and a download later than its booking
can land next to another worker's."""

from __future__ import annotations

from typing import Any

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached

from crawlers.extensions.crawl_delay import robots_delay

# KEYS[1]: the host's next free moment; ARGV[1]: Crawl-delay (s); ARGV[2]: key lifetime (ms). Returns the wait (s).
BOOK = """
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
local free = tonumber(redis.call('GET', KEYS[1]) or '0')
local at = math.max(now, free)
redis.call('SET', KEYS[1], tostring(at + tonumber(ARGV[1])), 'PX', ARGV[2])
return tostring(at - now)
"""


class SharedCrawlDelay:
    """A downloader middleware (after RobotsTxtMiddleware, so a host's robots.txt is read before its requests)."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        if not settings.getbool("ROBOTSTXT_OBEY") or not settings.get("REDIS_URL"):
            raise NotConfigured
        import redis

        self.crawler = crawler
        self.client = redis.Redis.from_url(settings.get("REDIS_URL"))
        self.book = self.client.register_script(BOOK)
        self.max_delay = settings.getfloat("RADAR_MAX_CRAWL_DELAY", 60.0)
        self.user_agent = settings.get("ROBOTSTXT_USER_AGENT") or settings.get("USER_AGENT")
        self.delays: dict[str, float] = {}  # host[:port] → Crawl-delay
        crawler.signals.connect(self.robots_parsed, signal=signals.robots_parsed)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "SharedCrawlDelay":
        return cls(crawler)

    def robots_parsed(self, robotparser: Any, request: Request) -> None:
        delay = robots_delay(robotparser, self.user_agent, self.max_delay)
        if delay:
            self.delays[urlparse_cached(request).netloc.lower()] = delay

    async def process_request(self, request: Request) -> None:
        host = urlparse_cached(request).netloc.lower()
        delay = self.delays.get(host)
        if not delay or request.meta.get("dont_obey_robotstxt"):
            return None
        lifetime_ms = int((delay * 2 + 60) * 1000)
        wait = float(self.book(keys=[f"radar:crawl-delay:{host}"], args=[delay, lifetime_ms]))
        if wait > 0:
            from twisted.internet import reactor, task  # the reactor Scrapy installed, not a default one

            await maybe_deferred_to_future(task.deferLater(reactor, wait, lambda: None))
        slot = f"shared-crawl-delay:{host}"
        downloader = self.crawler.engine.downloader
        downloader.per_slot_settings.setdefault(slot, {"delay": 0.0, "randomize_delay": False})
        request.meta["download_slot"] = slot
        request.meta["autothrottle_dont_adjust_delay"] = True
        return None

    def spider_closed(self, spider: Any) -> None:
        self.client.close()
