"""One generic spider for any source of the registry: feeds, sitemaps and listing pages."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import urljoin, urlsplit

import feedparser
import scrapy
from lxml import etree
from scrapy.exceptions import CloseSpider, IgnoreRequest
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.sitemap import Sitemap

from crawlers.conditional import ValidatorStore
from crawlers.date_source import choose_date
from crawlers.dates import plausible_iso
from crawlers.discovery import feeds_on_page, sitemap_body, sitemaps_in_robots
from crawlers.extraction import extract_article
from crawlers.page_kind import url_is_listing_or_site_page, url_is_story_shaped
from crawlers.pdf_release import extract_pdf, is_pdf
from crawlers.redis_seen_store import open_seen_store
from crawlers.seen_store import default_state_dir
from crawlers.sources import Source, find_source
from crawlers.urls import article_id, canonicalize_url, identity_url, strip_tracking

ASSET_SUFFIXES = (".xml", ".pdf", ".jpg", ".jpeg", ".png", ".gif", ".svg", ".webp", ".css", ".js", ".zip", ".mp4",
                  ".mp3", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".ics", ".rss", ".atom", ".json")
# An article links at most this many PDF files worth fetching; more is a document library, not a release.
MAX_PDFS_PER_ARTICLE = 3
PAGER_TEXT = re.compile(r"^(next|next page|older|older posts|older entries|more|load more|›|»|>|→|\d{1,3})$", re.I)
PAGER_URL = re.compile(r"([?&](page|p|pg|start|offset)=\d+|/page/\d+/?$|/p\d+/?$)", re.I)


def _utc_iso(value: datetime) -> str:
    return value.astimezone(timezone.utc).isoformat() if value.tzinfo else value.date().isoformat()


def _entry_date(entry: Any) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    try:
        return plausible_iso(datetime(*parsed[:6], tzinfo=timezone.utc).isoformat())
    except (OverflowError, ValueError):
        return None


def _entry_updated(entry: Any) -> str | None:
    parsed = entry.get("updated_parsed") or entry.get("published_parsed")
    try:
        return plausible_iso(datetime(*parsed[:6], tzinfo=timezone.utc).isoformat()) if parsed else None
    except (OverflowError, ValueError):
        return None


def _lastmod(value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip()
    try:
        return plausible_iso(_utc_iso(datetime.fromisoformat(value.replace("Z", "+00:00"))))
    except (OverflowError, ValueError):
        try:
            return plausible_iso(_utc_iso(parsedate_to_datetime(value)))
        except (OverflowError, TypeError, ValueError):
            return None


def is_pdf_link(url: str) -> bool:
    """A link to a PDF file: on a newsroom's listing, usually a press release published only that way."""
    return urlsplit(url).path.lower().endswith(".pdf")


def is_candidate_article(url: str) -> bool:
    """Could this link from a listing be a story? Site pages, listings and files are not."""
    path = urlsplit(url).path.lower()
    return not path.endswith(ASSET_SUFFIXES) and not url_is_listing_or_site_page(url) and url_is_story_shaped(url)


class NewsSpider(scrapy.Spider):
    """Crawl one source. `source` is the registry entry (a Source, its dict form, or its name in RADAR_SOURCES)."""

    name = "news"

    def __init__(
        self,
        source: Source | dict | str,
        since: str | None = None,
        max_items: int | str | None = None,
        state_dir: str | Path | None = None,
        recrawl: bool | str = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if isinstance(source, str):
            source = find_source(source, kwargs.get("sources_file"))
        self.source = source if isinstance(source, Source) else Source.model_validate(source)
        self.name = self.source.name
        self.since = since
        self.max_items = int(max_items) if max_items not in (None, "") else None
        self.allowed_domains = sorted(self.source.domains)
        self.recrawl = recrawl in (True, "1", "true", "yes")
        state = Path(state_dir) if state_dir else default_state_dir()
        self.seen = open_seen_store(state, self.source.name)
        self.validators = ValidatorStore.open(state, self.source.name)
        # Validators of this run's full responses, written when the crawl closes with every story their entry
        # point listed (a listing's later pages included).
        self._validated: dict[str, tuple[str | None, str | None, list[str]]] = {}
        self._listed: dict[str, list[str]] = {}
        self.articles_requested: set[str] = set()
        self.discovered_dates: dict[str, tuple[str, str]] = {}  # key → (date, "feed" or "sitemap")
        self._budget_timer: Any = None

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> "NewsSpider":
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider._save_seen, signal=scrapy.signals.spider_closed)
        return spider

    def _save_seen(self, spider: Any = None, reason: str = "") -> None:
        if self._budget_timer is not None and self._budget_timer.active():
            self._budget_timer.cancel()
        self.seen.save()
        for url, (etag, modified, children) in self._validated.items():
            self.validators.record(url, etag, modified, self._listed.get(url, []), children)
        self.validators.save()

    def _partial(self, reason: str) -> None:
        """Record that this run of the source stopped short (the run summary reports it as partial)."""
        self.crawler.stats.inc_value(f"radar/partial/{reason}")

    def _out_of_time(self) -> None:
        self._partial("time_budget")
        self.logger.warning("%s: time budget of %ss spent; stopping this source", self.name,
                            self.source.time_budget_seconds)
        self.crawler.engine.close_spider(self, "time_budget")

    async def start(self) -> Any:
        from twisted.internet import reactor

        self._budget_timer = reactor.callLater(self.source.time_budget_seconds, self._out_of_time)
        if self.source.discovers:
            home = str(self.source.home)
            # Fetching robots.txt is always allowed; its Sitemap: lines are read here, its rules by Scrapy.
            yield scrapy.Request(urljoin(home, "/robots.txt"), callback=self.parse_robots, errback=self.on_error,
                                 priority=10, meta={"dont_obey_robotstxt": True})
            yield scrapy.Request(home, callback=self.parse_home, errback=self.on_error, priority=10)
        for url in self.source.feeds:
            yield self._entry_request(str(url), self.parse_feed)
        for url in self.source.sitemaps:
            yield self._entry_request(str(url), self.parse_sitemap)
        for url in self.source.listings:
            yield self._entry_request(str(url), self.parse_listing, cb_kwargs={"page": 1})

    def _entry_request(self, url: str, callback: Any, priority: int = 10, **kwargs: Any) -> scrapy.Request:
        """A feed, sitemap or first listing page: asked for conditionally, a 304 handed to the callback."""
        headers = {} if self.recrawl else self.validators.request_headers(url, self.seen)
        return scrapy.Request(url, callback=callback, errback=self.on_error, priority=priority, headers=headers,
                              meta={"radar_entry": url, "handle_httpstatus_list": [304]}, **kwargs)

    def _not_modified(self, response: Response) -> bool:
        """A 304: nothing new at this entry point since the last crawl (a skip, not an error)."""
        if response.status != 304:
            return False
        self.crawler.stats.inc_value("radar/skipped/not_modified")
        return True

    def _remember_validators(self, response: Response, listed: list[str], children: list[str] | None = None) -> None:
        """Note what an entry point's page listed; on its first page, also its ETag and Last-Modified."""
        entry = response.meta.get("radar_entry")
        root = entry or response.meta.get("radar_root")
        if root is None:
            return
        self._listed.setdefault(root, []).extend(listed)
        if entry is not None:
            etag, modified = (response.headers.get(h) for h in (b"ETag", b"Last-Modified"))
            self._validated[entry] = (etag.decode("latin-1") if etag else None,
                                      modified.decode("latin-1") if modified else None, children or [])

    # -- discovery ---------------------------------------------------------------------------

    def _article_request(
        self, url: str, via: str, hint_date: str | None = None, reported: str | None = None,
        listed: list[str] | None = None,
    ) -> Iterator[scrapy.Request]:
        """The request for one story an entry point lists; its key goes to `listed` (for the entry point's
        validator) unless --since rules the story out for good."""
        if not self._on_domain(url):
            self.crawler.stats.inc_value("radar/skipped/off_domain")
            return
        key = canonicalize_url(url)
        newest = hint_date or reported
        if listed is not None and not (newest and self.since and newest[:10] < self.since):
            listed.append(key)
        if self.max_items is not None and len(self.articles_requested) >= self.max_items * 2:
            return
        if hint_date and via in ("feed", "sitemap"):
            # Kept whichever way the story is requested first: a feed's date must not be lost to a listing link.
            self.discovered_dates.setdefault(key, (hint_date, via))
        if key in self.articles_requested:
            return
        if len(self.articles_requested) >= self.source.max_articles_per_run:
            self._partial("article_cap")
            return
        self.articles_requested.add(key)
        if newest and self.since and newest[:10] < self.since:
            self.crawler.stats.inc_value("radar/skipped/before_since")
            return
        fresh = self.seen.is_fresh(key, reported)
        if fresh and not self.recrawl:
            self.crawler.stats.inc_value("radar/skipped/unchanged")
            return
        # Known, but its feed or sitemap reports a newer date: an update of a story seen before.
        changed = self.seen.known(key) and not fresh
        yield scrapy.Request(
            strip_tracking(url), callback=self.parse_article, errback=self.on_error,
            cb_kwargs={"via": via, "hint_date": hint_date},
            meta={"radar_article": True, "radar_key": key, "radar_reported": reported, "radar_changed": changed},
        )

    def parse_robots(self, response: Response) -> Iterator[scrapy.Request]:
        for url in sitemaps_in_robots(response.body, response.url):
            if not self._on_domain(url):
                self.crawler.stats.inc_value("radar/skipped/off_domain")
                continue
            self.crawler.stats.inc_value("radar/discovered/sitemap")
            yield self._entry_request(url, self.parse_sitemap)

    async def parse_home(self, response: Response) -> Any:
        """The home page: its feed links, then its own story links (it lists the newest). The links wait for
        the feeds, so that a story in both keeps the feed's date."""
        if not hasattr(response, "css"):
            self.crawler.stats.inc_value("radar/skipped/not_html")
            return
        for url in feeds_on_page(response.text, response.url):
            if not self._on_domain(url):
                self.crawler.stats.inc_value("radar/skipped/off_domain")
                continue
            self.crawler.stats.inc_value("radar/discovered/feed")
            try:
                feed = await self.crawler.engine.download_async(self._entry_request(url, self.parse_feed))
            except IgnoreRequest:
                self.crawler.stats.inc_value("radar/skipped/robots_txt")
                continue
            except Exception as exc:  # a network failure of this one feed; the others go on
                self.crawler.stats.inc_value(f"radar/errors/{type(exc).__name__}")
                self.logger.warning("%s: %s", url, exc)
                continue
            if feed.status >= 400 or feed.status == 304 and self._not_modified(feed):
                self.crawler.stats.inc_value(f"radar/errors/http_{feed.status}")
                self.logger.warning("%s: HTTP %s", url, feed.status)
                continue
            for request in self.parse_feed(feed):
                yield request
        for request in self.parse_listing(response, page=1):
            yield request

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        self.crawler.stats.inc_value("radar/pages/feed")
        if self._not_modified(response):
            return
        feed = feedparser.parse(response.body)
        if feed.bozo and not feed.entries:
            self.crawler.stats.inc_value("radar/errors/bad_feed")
            self.logger.warning("%s: feed could not be parsed (%s)", response.url, feed.get("bozo_exception"))
            return
        listed: list[str] = []
        for entry in feed.entries:
            link = entry.get("feedburner_origlink") or entry.get("link")
            if link:
                yield from self._article_request(
                    urljoin(response.url, link), "feed", _entry_date(entry), _entry_updated(entry), listed
                )
        self._remember_validators(response, listed)

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        self.crawler.stats.inc_value("radar/pages/sitemap")
        if self._not_modified(response):
            # An unchanged index: its sitemaps may still have changed, each asked for conditionally.
            for child in self.validators.children(response.meta["radar_entry"]):
                yield self._entry_request(child, self.parse_sitemap, priority=5)
            return
        try:
            body = sitemap_body(response.body, self.settings.getint("DOWNLOAD_MAXSIZE"))
            sitemap = Sitemap(body)
        except Exception as exc:  # lxml raises several kinds on broken XML
            self.crawler.stats.inc_value("radar/errors/bad_sitemap")
            self.logger.warning("%s: sitemap could not be parsed (%s)", response.url, exc)
            return
        news_dates = _news_publication_dates(body)
        entries = [e for e in sitemap if e.get("loc")]
        # Newest first, so that a capped crawl of a long sitemap takes the recent stories.
        entries.sort(key=lambda e: _lastmod(e.get("lastmod")) or "", reverse=True)
        limit = self.settings.getint("RADAR_MAX_SITEMAP_URLS", 500)
        listed: list[str] = []
        children: list[str] = []
        for entry in entries:
            loc = entry["loc"].strip()
            lastmod = _lastmod(entry.get("lastmod"))
            if sitemap.type == "sitemapindex":
                if self.since and lastmod and lastmod[:10] < self.since:
                    continue
                if self._on_domain(loc):
                    children.append(loc)
                    yield self._entry_request(loc, self.parse_sitemap, priority=5)
                continue
            if url_is_listing_or_site_page(loc) or \
                    urlsplit(loc).path.lower().endswith(ASSET_SUFFIXES) and not is_pdf_link(loc):
                continue
            limit -= 1
            if limit < 0:
                self.crawler.stats.inc_value("radar/skipped/sitemap_cap")
                # Listed but not fetched: the sitemap must be read in full again next run.
                listed.append(canonicalize_url(loc))
                continue
            published = news_dates.get(loc)
            # lastmod is when the page last changed, not when it was published: a bound for --since and
            # for change detection, never a publication date.
            yield from self._article_request(loc, "sitemap", published, lastmod or published, listed)
        self._remember_validators(response, listed, children)

    def parse_listing(self, response: Response, page: int) -> Iterator[scrapy.Request]:
        self.crawler.stats.inc_value("radar/pages/listing")
        if self._not_modified(response):
            return
        if not hasattr(response, "css"):
            self.crawler.stats.inc_value("radar/skipped/not_html")
            return
        next_pages = [urljoin(response.url, h) for h in
                      response.css('a[rel~="next"]::attr(href), link[rel~="next"]::attr(href)').getall()]
        here = canonicalize_url(response.url)
        root = response.meta.get("radar_entry") or response.meta.get("radar_root")
        followed = 0
        listed: list[str] = []
        for link in response.css("a[href]"):
            href = (link.attrib.get("href") or "").strip()
            if not href or href.startswith(("#", "mailto:", "javascript:", "tel:")):
                continue
            url = urljoin(response.url, href)
            if canonicalize_url(url) == here or not self._on_domain(url):
                continue
            text = " ".join(" ".join(link.css("::text").getall()).split())
            if PAGER_URL.search(urlsplit(url).path + ("?" + urlsplit(url).query if urlsplit(url).query else "")) \
                    and (PAGER_TEXT.match(text) or "next" in (link.attrib.get("rel") or "")):
                next_pages.append(url)
                continue
            if is_candidate_article(url) or is_pdf_link(url):
                followed += 1
                if followed > self.source.max_links_per_listing:
                    self._partial("listing_link_cap")
                    listed.append(canonicalize_url(url))  # not followed: read the page in full next run
                    break
                yield from self._article_request(url, "listing", listed=listed)
        self._remember_validators(response, listed)
        if page < self.source.max_pages:
            for url in dict.fromkeys(next_pages):
                if self._on_domain(url):
                    yield scrapy.Request(url, callback=self.parse_listing, errback=self.on_error,
                                         cb_kwargs={"page": page + 1}, priority=5, meta={"radar_root": root})

    def _on_domain(self, url: str) -> bool:
        """On one of the source's hosts (or a subdomain) and on the same port: 127.0.0.1:8001 is not :8002."""
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        try:
            port = None if parts.port in (None, 80, 443) else parts.port
        except ValueError:
            return False
        return any((host == d or host.endswith("." + d)) and port == p for d, p in self.source.origins)

    # -- articles ------------------------------------------------------------------------------

    def parse_article(self, response: Response, via: str, hint_date: str | None) -> Iterator[dict]:
        self.crawler.stats.inc_value("radar/pages/article")
        keys = [response.meta["radar_key"], canonicalize_url(response.url)]
        reported = response.meta.get("radar_reported")
        content_type = response.headers.get(b"Content-Type", b"text/html").decode("latin-1").lower()
        if is_pdf(response.body, content_type):
            yield from self._parse_pdf(response, via, hint_date, keys, reported)
            return
        if not hasattr(response, "text") or not any(t in content_type for t in ("html", "xml", "text/plain")):
            self.crawler.stats.inc_value("radar/skipped/not_html")
            self.seen.remember(keys, "other", reported)
            return
        if not response.body.strip():
            self.crawler.stats.inc_value("radar/skipped/empty_body")
            self.logger.info("%s: skipped, the server sent an empty body", response.url)
            return
        extracted = extract_article(response.text, response.url)
        if not extracted.is_article:
            self.crawler.stats.inc_value("radar/skipped/not_article")
            self.logger.info("%s: skipped, not an article page", response.url)
            self.seen.remember(keys, "other", reported)
            return
        if not extracted.text:
            self.crawler.stats.inc_value("radar/skipped/empty_body")
            self.logger.info("%s: skipped, no body text found", response.url)
            return
        canonical = extracted.canonical_url
        if url_is_listing_or_site_page(canonical):
            # A canonical link pointing at the home page or a section would merge every story into one.
            canonical = canonicalize_url(response.url)
        yield self._record(response, via, hint_date, keys, reported, canonical=canonical, title=extracted.title,
                           published=extracted.published, author=extracted.author, text=extracted.text,
                           lang=extracted.lang, is_teaser=extracted.is_teaser)
        yield from self._linked_pdfs(response)

    def _linked_pdfs(self, response: Response) -> Iterator[scrapy.Request]:
        """Same-site PDF files an article links to ("Download the full release (PDF)"): each is requested like a
        listed story and kept if it reads as a press release. A story's own link is how it was found, so its
        discovered_via is `listing`."""
        if ".pdf" not in response.text.lower():
            return  # most pages link none: no second parse of the page for them
        pdfs = [urljoin(response.url, href.strip()) for href in response.css("a[href]::attr(href)").getall()
                if is_pdf_link(urljoin(response.url, href.strip()))]
        for url in list(dict.fromkeys(pdfs))[:MAX_PDFS_PER_ARTICLE]:
            yield from self._article_request(url, "listing")

    def _parse_pdf(self, response: Response, via: str, hint_date: str | None, keys: list[str],
                   reported: str | None) -> Iterator[dict]:
        """A press release published as a PDF file: its text, title and dates (crawlers/pdf_release.py)."""
        release = extract_pdf(response.body)
        if release is None:
            self.crawler.stats.inc_value("radar/skipped/bad_pdf")
            self.logger.info("%s: skipped, the PDF could not be read", response.url)
            self.seen.remember(keys, "other", reported)
            return
        if not release.is_release:
            self.crawler.stats.inc_value("radar/skipped/not_article")
            self.logger.info("%s: skipped, the PDF is not a press release", response.url)
            self.seen.remember(keys, "other", reported)
            return
        self.crawler.stats.inc_value("radar/pages/pdf")
        yield self._record(response, via, hint_date, keys, reported, canonical=canonicalize_url(response.url),
                           title=release.title, published=release.published, author=None, text=release.text,
                           lang=release.lang, is_teaser=False, pdf_created=release.created)

    def _record(self, response: Response, via: str, hint_date: str | None, keys: list[str], reported: str | None, *,
                canonical: str, title: str, published: str | None, author: str | None, text: str, lang: str | None,
                is_teaser: bool, pdf_created: str | None = None) -> dict:
        emitted = self.crawler.stats.get_value("radar/articles", 0)
        if self.max_items is not None and emitted >= self.max_items:
            raise CloseSpider("max_items")
        fetched = datetime.now(timezone.utc)
        hint, hint_via = self.discovered_dates.get(response.meta["radar_key"], (hint_date, via))
        dated = choose_date(published, hint, hint_via, response.headers.get(b"Last-Modified"),
                            response.headers.get(b"Date"), fetched, pdf_created)
        return {
            "id": article_id(identity_url(canonical, response.url)),
            "url": response.url,
            "canonical_url": canonical,
            "source": self.source.name,
            "title": title,
            "published": dated.published,
            "date_source": dated.source,
            "author": author,
            "text": text,
            "lang": lang,
            "is_teaser": is_teaser,
            "fetched_at": fetched.isoformat(timespec="seconds"),
            "discovered_via": via,
            "_seen_keys": [*keys, canonical],
            "_reported": reported,
            "_changed": response.meta.get("radar_changed", False),
        }

    def on_error(self, failure: Any) -> None:
        response = getattr(failure.value, "response", None)
        if failure.check(HttpError) and response is not None:
            kind = f"http_{response.status}"
        elif failure.check(IgnoreRequest):
            # robots.txt (or another downloader middleware) refused the URL: a skip, not an error.
            reason = "robots_txt" if "robots.txt" in failure.getErrorMessage() else "refused"
            self.crawler.stats.inc_value(f"radar/skipped/{reason}")
            return
        else:
            kind = type(failure.value).__name__
        self.crawler.stats.inc_value(f"radar/errors/{kind}")
        self.logger.warning("%s: %s", failure.request.url, failure.getErrorMessage())


def _news_publication_dates(body: bytes) -> dict[str, str]:
    """loc → publication date of a Google News sitemap (Scrapy's Sitemap keeps only flat children)."""
    if b"news:publication_date" not in body and b"publication_date" not in body:
        return {}
    try:
        root = etree.fromstring(body, parser=etree.XMLParser(recover=True, resolve_entities=False))
    except etree.XMLSyntaxError:
        return {}
    dates: dict[str, str] = {}
    for url in root.iter("{*}url"):
        loc = url.findtext("{*}loc")
        published = url.findtext(".//{*}publication_date")
        if loc and published:
            found = _lastmod(published)
            if found:
                dates[loc.strip()] = found
    return dates
