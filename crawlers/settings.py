"""Scrapy settings shared by every crawl: polite, bounded, identifiable."""

from __future__ import annotations

USER_AGENT = "cdmo-radar/0.1 (+https://github.com/cdmo-radar/cdmo-radar; news monitoring bot)"

BASE_SETTINGS: dict = {
    "BOT_NAME": "cdmo-radar",
    "USER_AGENT": USER_AGENT,
    "ROBOTSTXT_OBEY": True,
    "AUTOTHROTTLE_ENABLED": True,
    "AUTOTHROTTLE_START_DELAY": 1.0,
    "AUTOTHROTTLE_MAX_DELAY": 30.0,
    "AUTOTHROTTLE_TARGET_CONCURRENCY": 2.0,
    "CONCURRENT_REQUESTS": 16,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 4,
    "DOWNLOAD_TIMEOUT": 30,
    "DOWNLOAD_MAXSIZE": 5 * 1024 * 1024,
    "DOWNLOAD_WARNSIZE": 2 * 1024 * 1024,
    "RETRY_ENABLED": True,
    "RETRY_TIMES": 2,
    "RETRY_HTTP_CODES": [500, 502, 503, 504, 522, 524, 408, 429],
    "COOKIES_ENABLED": False,
    "TELNETCONSOLE_ENABLED": False,
    "LOG_LEVEL": "WARNING",
    "ITEM_PIPELINES": {
        "crawlers.pipelines.drop_incomplete.DropIncompleteArticles": 100,
        "crawlers.pipelines.drop_duplicates.DropDuplicateArticles": 200,
        "crawlers.pipelines.since_filter.DropOlderThanSince": 300,
        "crawlers.pipelines.jsonl_writer.JsonlWriter": 900,
    },
}
