"""Cap the bytes downloaded for one article page and keep what arrived: a 40 MB page still yields its body,
which sits near the top. Feeds and sitemaps are not cut (half an XML file is useless); DOWNLOAD_MAXSIZE
bounds them instead."""

from __future__ import annotations

from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured, StopDownload


class ArticlePageCap:
    def __init__(self, crawler: Crawler) -> None:
        self.cap = crawler.settings.getint("RADAR_PAGE_CAP")
        if self.cap <= 0:
            raise NotConfigured
        self.stats = crawler.stats
        crawler.signals.connect(self.bytes_received, signal=signals.bytes_received)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "ArticlePageCap":
        return cls(crawler)

    def bytes_received(self, data: bytes, request: Any, spider: Any = None) -> None:
        if not request.meta.get("radar_article"):
            return
        received = request.meta.get("radar_bytes", 0) + len(data)
        request.meta["radar_bytes"] = received
        if received > self.cap:
            self.stats.inc_value("radar/pages/truncated")
            raise StopDownload(fail=False)
