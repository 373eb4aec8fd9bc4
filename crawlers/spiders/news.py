"""One generic spider for any source of the registry: feeds, sitemaps and listing pages."""

from __future__ import annotations

from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Any, Iterator
from urllib.parse import urljoin, urlsplit

import feedparser
import scrapy
from scrapy.exceptions import CloseSpider, IgnoreRequest
from scrapy.http import Response
from scrapy.utils.sitemap import Sitemap

from crawlers.extraction import extract_article
from crawlers.sources import Source
from crawlers.urls import article_id, canonicalize_url

NON_ARTICLE_PATH_PARTS = {
    "tag", "tags", "category", "categories", "author", "authors", "about", "about-us", "careers",
    "contact", "contact-us", "privacy", "terms", "cookie-policy", "search", "login", "subscribe",
    "newsletter", "events", "feed", "rss", "page",
}


def _entry_date(entry: Any) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    return datetime(*parsed[:6], tzinfo=timezone.utc).isoformat()


class NewsSpider(scrapy.Spider):
    """Crawl one source. `source` is the registry entry (a Source or its dict form)."""

    name = "news"

    def __init__(
        self,
        source: Source | dict,
        since: str | None = None,
        max_items: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.source = source if isinstance(source, Source) else Source.model_validate(source)
        self.name = self.source.name
        self.since = since
        self.max_items = max_items
        self.allowed_domains = sorted(self.source.domains)
        self.articles_requested: set[str] = set()
        self.listing_pages_seen: dict[str, int] = {}

    async def start(self) -> Any:
        for url in self.source.feeds:
            yield scrapy.Request(str(url), callback=self.parse_feed, errback=self.on_error)
        for url in self.source.sitemaps:
            yield scrapy.Request(str(url), callback=self.parse_sitemap, errback=self.on_error)
        for url in self.source.listings:
            yield scrapy.Request(
                str(url), callback=self.parse_listing, errback=self.on_error,
                cb_kwargs={"listing": str(url), "page": 1},
            )

    # -- discovery ---------------------------------------------------------------------------

    def _article_request(self, url: str, via: str, hint_date: str | None = None) -> Iterator[scrapy.Request]:
        if self.max_items is not None and len(self.articles_requested) >= self.max_items * 2:
            return
        key = canonicalize_url(url)
        if key in self.articles_requested:
            return
        if hint_date and self.since and hint_date[:10] < self.since:
            self.crawler.stats.inc_value("radar/skipped/before_since")
            return
        self.articles_requested.add(key)
        yield scrapy.Request(
            url, callback=self.parse_article, errback=self.on_error,
            cb_kwargs={"via": via, "hint_date": hint_date},
        )

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        self.crawler.stats.inc_value("radar/pages/feed")
        feed = feedparser.parse(response.body)
        if feed.bozo and not feed.entries:
            self.crawler.stats.inc_value("radar/errors/bad_feed")
            self.logger.warning("%s: feed could not be parsed (%s)", response.url, feed.get("bozo_exception"))
            return
        for entry in feed.entries:
            link = entry.get("link")
            if link:
                yield from self._article_request(urljoin(response.url, link), "feed", _entry_date(entry))

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        self.crawler.stats.inc_value("radar/pages/sitemap")
        try:
            sitemap = Sitemap(response.body)
        except Exception as exc:  # lxml raises several kinds on broken XML
            self.crawler.stats.inc_value("radar/errors/bad_sitemap")
            self.logger.warning("%s: sitemap could not be parsed (%s)", response.url, exc)
            return
        for entry in sitemap:
            loc = entry.get("loc")
            if not loc:
                continue
            if sitemap.type == "sitemapindex":
                yield scrapy.Request(loc, callback=self.parse_sitemap, errback=self.on_error)
            else:
                yield from self._article_request(loc, "sitemap", _lastmod(entry.get("lastmod")))

    def parse_listing(self, response: Response, listing: str, page: int) -> Iterator[scrapy.Request]:
        self.crawler.stats.inc_value("radar/pages/listing")
        next_pages = set(response.css('a[rel~="next"]::attr(href), link[rel~="next"]::attr(href)').getall())
        for href in response.css("a::attr(href)").getall():
            url = urljoin(response.url, href)
            if not self._on_domain(url) or canonicalize_url(url) == canonicalize_url(response.url):
                continue
            if href in next_pages:
                continue
            if _is_candidate_article(url):
                yield from self._article_request(url, "listing")
        if page < self.source.max_pages:
            for href in next_pages:
                url = urljoin(response.url, href)
                if self._on_domain(url):
                    yield scrapy.Request(
                        url, callback=self.parse_listing, errback=self.on_error,
                        cb_kwargs={"listing": listing, "page": page + 1},
                    )

    def _on_domain(self, url: str) -> bool:
        host = urlsplit(url).hostname or ""
        return any(host == d or host.endswith("." + d) for d in self.allowed_domains)

    # -- articles ------------------------------------------------------------------------------

    def parse_article(self, response: Response, via: str, hint_date: str | None) -> Iterator[dict]:
        self.crawler.stats.inc_value("radar/pages/article")
        if not hasattr(response, "text"):
            self.crawler.stats.inc_value("radar/skipped/not_html")
            return
        extracted = extract_article(response.text, response.url)
        if not extracted.is_article:
            self.crawler.stats.inc_value("radar/skipped/not_article")
            return
        if not extracted.text:
            self.crawler.stats.inc_value("radar/skipped/empty_body")
            self.logger.info("%s: skipped, no body text", response.url)
            return
        emitted = self.crawler.stats.get_value("radar/articles", 0)
        if self.max_items is not None and emitted >= self.max_items:
            raise CloseSpider("max_items")
        yield {
            "id": article_id(extracted.canonical_url),
            "url": response.url,
            "canonical_url": extracted.canonical_url,
            "source": self.source.name,
            "title": extracted.title,
            "published": extracted.published or (hint_date if via == "feed" else None),
            "author": extracted.author,
            "text": extracted.text,
            "lang": extracted.lang,
            "fetched_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "discovered_via": via,
        }

    def on_error(self, failure: Any) -> None:
        if failure.check(IgnoreRequest):
            # robots.txt (or another downloader middleware) refused the URL: a skip, not an error.
            self.crawler.stats.inc_value("radar/skipped/robots_txt")
            return
        kind = type(failure.value).__name__
        response = getattr(failure.value, "response", None)
        if response is not None:
            kind = f"http_{response.status}"
        self.crawler.stats.inc_value(f"radar/errors/{kind}")
        self.logger.warning("%s: %s", failure.request.url, failure.getErrorMessage())


def _lastmod(value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip()
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).isoformat()
    except ValueError:
        try:
            return parsedate_to_datetime(value).isoformat()
        except (TypeError, ValueError):
            return None


def _is_candidate_article(url: str) -> bool:
    path = urlsplit(url).path.strip("/")
    if not path:
        return False
    parts = path.lower().split("/")
    if set(parts) & NON_ARTICLE_PATH_PARTS:
        return False
    if parts[-1].endswith((".xml", ".pdf", ".jpg", ".png", ".css", ".js")):
        return False
    # Articles have a slug with several words; section roots such as /news/ do not.
    return "-" in parts[-1] or len(parts) >= 3
