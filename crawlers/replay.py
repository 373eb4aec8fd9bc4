"""Offline replay: every http(s) URL is fetched from a local mirror that serves fixture pages (hand-written
imitations of sites, or recordings of them made by `radar sources record`) under /<host>/<path>. The rest of
the crawl (robots.txt, download slots, offsite checks, canonical URLs) still sees the real URL, so a source is
tested exactly as it is configured. Enabled by RADAR_REPLAY_URL."""

from __future__ import annotations

from urllib.parse import urlsplit

from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.crawler import Crawler
from scrapy.http import Request, Response


def mirror_url(mirror: str, url: str) -> str:
    parts = urlsplit(url)
    return f"{mirror.rstrip('/')}/{parts.netloc.lower()}{parts.path or '/'}" + (f"?{parts.query}" if parts.query else "")


class ReplayDownloadHandler(HTTP11DownloadHandler):
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.mirror = crawler.settings.get("RADAR_REPLAY_URL")
        if not self.mirror or urlsplit(self.mirror).hostname not in ("127.0.0.1", "localhost", "::1"):
            raise ValueError(f"RADAR_REPLAY_URL {self.mirror!r}: a mirror on this machine (127.0.0.1) is expected")

    async def download_request(self, request: Request) -> Response:
        local = request.replace(url=mirror_url(self.mirror, request.url))
        response = await super().download_request(local)
        return response.replace(url=request.url)
