"""Scrapy settings shared by every crawl: polite, bounded, identifiable."""

from __future__ import annotations

import os
import uuid
from typing import Any

USER_AGENT = "cdmo-radar/0.2 (+https://github.com/cdmo-radar/cdmo-radar; news monitoring bot)"

BASE_SETTINGS: dict[str, Any] = {
    "BOT_NAME": "cdmo-radar",
    "USER_AGENT": USER_AGENT,
    "ROBOTSTXT_OBEY": True,
    "ROBOTSTXT_USER_AGENT": "cdmo-radar",
    "AUTOTHROTTLE_ENABLED": True,
    "AUTOTHROTTLE_START_DELAY": 1.0,
    "AUTOTHROTTLE_MAX_DELAY": 30.0,
    "AUTOTHROTTLE_TARGET_CONCURRENCY": 2.0,
    "CONCURRENT_REQUESTS": 16,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 4,
    "DOWNLOAD_TIMEOUT": 30,
    # Hard cap for any response (a feed or sitemap is not cut: half an XML file is useless) ...
    "DOWNLOAD_MAXSIZE": 32 * 1024 * 1024,
    "DOWNLOAD_WARNSIZE": 8 * 1024 * 1024,
    # ... and article pages stop downloading here, keeping what arrived (the body sits near the top).
    "RADAR_PAGE_CAP": 2 * 1024 * 1024,
    "RADAR_MAX_CRAWL_DELAY": 60.0,
    "RADAR_MAX_SITEMAP_URLS": 500,
    "RETRY_ENABLED": True,
    "RETRY_TIMES": 2,
    "RETRY_HTTP_CODES": [500, 502, 503, 504, 522, 524, 408, 429],
    "REDIRECT_MAX_TIMES": 5,
    "COOKIES_ENABLED": False,
    "TELNETCONSOLE_ENABLED": False,
    # Scrapy 2.19's remote control opens an HTTP port to steer the crawl; a crawler of untrusted sites has no use
    # for a control port.
    "REMOTE_CONTROL_ENABLED": False,
    "LOG_LEVEL": "WARNING",
    "EXTENSIONS": {
        "scrapy.extensions.throttle.AutoThrottle": None,
        "crawlers.extensions.throttle.PoliteAutoThrottle": 0,
        "crawlers.extensions.crawl_delay.RobotsCrawlDelay": 10,
        "crawlers.extensions.page_cap.ArticlePageCap": 20,
    },
    "ITEM_PIPELINES": {
        "crawlers.pipelines.drop_incomplete.DropIncompleteArticles": 100,
        "crawlers.pipelines.drop_duplicates.DropDuplicateArticles": 200,
        "crawlers.pipelines.since_filter.DropOlderThanSince": 300,
        "crawlers.pipelines.relevance_gate.RelevanceGate": 400,
        "crawlers.pipelines.jsonl_writer.JsonlWriter": 900,
        "crawlers.pipelines.remember_seen.RememberSeenArticles": 950,
    },
}

# Local benchmark sites only: no AutoThrottle, no start delay, many requests per host.
UNTHROTTLED: dict[str, Any] = {
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_DELAY": 0.0,
    "CONCURRENT_REQUESTS": 64,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 64,
}


def replay_settings(mirror: str) -> dict[str, Any]:
    """Fetch every URL from a local mirror of fixture pages (see crawlers/replay.py)."""
    handler = "crawlers.replay.ReplayDownloadHandler"
    return {"RADAR_REPLAY_URL": mirror, "DOWNLOAD_HANDLERS": {"http": handler, "https": handler}}


def redis_settings(redis_url: str, run_id: str) -> dict[str, Any]:
    """scrapy-redis as the shared scheduler and dupefilter of several crawl processes (RADAR_REDIS_URL).

    Keys are per run and source, and persist until the run's last process ends (an early finisher must not
    flush a queue others still work on); they expire a day later. A host's robots.txt Crawl-delay is booked in
    Redis too, so that the workers together keep to it (crawlers/extensions/shared_delay.py).
    """
    return {
        "SCHEDULER": "scrapy_redis.scheduler.Scheduler",
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "SCHEDULER_QUEUE_CLASS": "scrapy_redis.queue.PriorityQueue",
        "SCHEDULER_PERSIST": True,
        "SCHEDULER_QUEUE_KEY": f"radar:{run_id}:%(spider)s:requests",
        "SCHEDULER_DUPEFILTER_KEY": f"radar:{run_id}:%(spider)s:dupefilter",
        "REDIS_URL": redis_url,
        "RADAR_REDIS_RUN": run_id,
        "RADAR_REDIS_KEY_TTL": 24 * 3600,
        "EXTENSIONS": {**BASE_SETTINGS["EXTENSIONS"], "crawlers.extensions.redis_expiry.ExpireRunKeys": 30},
        # After Scrapy's RobotsTxtMiddleware (100): a host's Crawl-delay shared by every worker.
        "DOWNLOADER_MIDDLEWARES": {"crawlers.extensions.shared_delay.SharedCrawlDelay": 150},
    }


def environment_settings() -> dict[str, Any]:
    """Settings switched on from the environment: offline replay and the Redis frontier."""
    settings: dict[str, Any] = {}
    if os.environ.get("RADAR_REPLAY_URL"):
        settings.update(replay_settings(os.environ["RADAR_REPLAY_URL"]))
    if os.environ.get("RADAR_REDIS_URL"):
        # Workers of one run share its queue by sharing RADAR_CRAWL_RUN; alone, a process gets its own.
        run_id = os.environ.get("RADAR_CRAWL_RUN") or uuid.uuid4().hex[:12]
        settings.update(redis_settings(os.environ["RADAR_REDIS_URL"], run_id))
    return settings
