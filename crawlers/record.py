"""`python -m crawlers.record`: save a source's pages from the live site as a recorded fixture folder.

The pages are fetched by the crawl itself: NewsSpider with the shared settings (robots.txt obeyed, the
source's hosts only, AutoThrottle and Crawl-delay, DOWNLOAD_MAXSIZE and the article page cap), capped at N
article requests. A downloader middleware keeps every response it sees: robots.txt, each entry point
(feed, sitemap, listing and its later pages) and the article pages. `radar sources record` runs this in a
child process (Twisted's reactor runs once per process).
"""

from __future__ import annotations

import argparse
import gzip
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.http import Request, Response

from crawlers.recording import (
    MANIFEST,
    ROUTES,
    Manifest,
    PageKind,
    RecordedPage,
    file_name,
    folder_kind,
    read_manifest,
    sha256,
)
from crawlers.replay_server import route_key
from crawlers.settings import BASE_SETTINGS
from crawlers.sources import REGISTRY, SourceConfigError, find_source
from crawlers.spiders.news import NewsSpider

DEFAULT_ARTICLES = 5
# Scrapy deep-copies its settings per crawler, so the middleware finds its recorder here, by folder.
_RECORDERS: dict[str, "Recorder"] = {}
CALLBACK_KINDS: dict[str, PageKind] = {
    "parse_robots": "robots", "parse_feed": "feed", "parse_sitemap": "sitemap", "parse_listing": "listing",
    "parse_home": "listing", "parse_article": "article",
}


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


@dataclass
class Recorder:
    """What one recording keeps: the pages by route key, written to `folder` as they arrive."""

    folder: Path
    pages: dict[str, RecordedPage] = field(default_factory=dict)
    taken: set[str] = field(default_factory=set)

    def keep(self, request: Request, response: Response) -> None:
        for earlier, later, status in _redirects(request, response):
            self.pages[route_key(earlier)] = RecordedPage(url=earlier, kind="redirect", status=status,
                                                          fetched_at=_now(), location=later)
        key = route_key(response.url)
        content_type = _header(response, b"Content-Type")
        old = self.pages.get(key)
        name = old.file if old and old.file else file_name(response.url, content_type, self.taken)
        (self.folder / name).write_bytes(gzip.compress(response.body, mtime=0))
        self.pages[key] = RecordedPage(
            url=response.url, kind=_kind(request, response), status=response.status, fetched_at=_now(), file=name,
            content_type=content_type, sha256=sha256(response.body), bytes=len(response.body),
            last_modified=_header(response, b"Last-Modified"), truncated="download_stopped" in response.flags)

    def dated(self, item: dict) -> None:
        page = self.pages.get(route_key(item["url"]))
        if page is not None:
            self.pages[route_key(item["url"])] = page.model_copy(
                update={"published": item.get("published"), "date_source": item.get("date_source")})


def _kind(request: Request, response: Response) -> PageKind:
    kind = CALLBACK_KINDS.get(getattr(request.callback, "__name__", ""))
    if kind is None:  # Scrapy's own robots.txt request has no callback
        return "robots" if urlsplit(response.url).path == "/robots.txt" else "page"
    return "page" if kind == "article" else kind  # an article page is named so once an article came of it


def _redirects(request: Request, response: Response) -> list[tuple[str, str, int]]:
    """(from, to, status) of each redirect followed on the way to `response`."""
    chain = [*request.meta.get("redirect_urls", []), response.url]
    reasons = request.meta.get("redirect_reasons", [])
    return [(chain[i], chain[i + 1], int(reasons[i]) if i < len(reasons) and str(reasons[i]).isdigit() else 301)
            for i in range(len(chain) - 1)]


class RecordResponses:
    """Downloader middleware (at 580: after HTTP compression is undone, 590, and redirects followed, 600)."""

    def __init__(self, crawler: Crawler) -> None:
        self.recorder = _RECORDERS[crawler.settings["RADAR_RECORD_DIR"]]
        crawler.signals.connect(self.item_scraped, signal=signals.item_scraped)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "RecordResponses":
        return cls(crawler)

    def process_response(self, request: Request, response: Response, spider: Any = None) -> Response:
        self.recorder.keep(request, response)
        return response

    def item_scraped(self, item: dict, response: Response, spider: Any = None) -> None:
        self.recorder.dated(item)
        page = self.recorder.pages.get(route_key(item["url"]))
        if page is not None and page.kind == "page":
            self.recorder.pages[route_key(item["url"])] = page.model_copy(update={"kind": "article"})


@dataclass(frozen=True)
class RecordResult:
    folder: Path
    manifest: Manifest


def prepare_folder(out: Path) -> None:
    """An empty folder, or one holding an earlier recording (its files replaced, its golden.json kept). A
    hand-written imitation is refused (a recording never mixes with invented pages), and so is any other
    folder with files in it."""
    kind = folder_kind(out)
    if kind == "imitation":
        raise ValueError(f"{out}: holds a hand-written imitation ({ROUTES}); record into another folder")
    if kind == "recorded":
        for page in read_manifest(out).pages:
            if page.file:
                (out / Path(page.file).name).unlink(missing_ok=True)
        (out / MANIFEST).unlink()
    elif out.exists() and any(p.name != "golden.json" for p in out.iterdir()):
        raise ValueError(f"{out}: not empty and not an earlier recording; record into an empty folder")
    out.mkdir(parents=True, exist_ok=True)


def record_source(name: str, out: Path, articles: int = DEFAULT_ARTICLES, sources_file: Path = REGISTRY,
                  settings: dict[str, Any] | None = None) -> RecordResult:
    """Record one source into `out`. Blocks; call once per process."""
    source = find_source(name, sources_file)
    source = source.model_copy(update={"max_articles_per_run": articles})
    prepare_folder(out)
    recorder = _RECORDERS[str(out)] = Recorder(out)
    merged = {**BASE_SETTINGS, **(settings or {}), "RADAR_RECORD_DIR": str(out), "ITEM_PIPELINES": {},
              # The class itself, not its dotted name: run as `python -m crawlers.record`, this module is
              # __main__, and a second import of it would hold another _RECORDERS.
              "DOWNLOADER_MIDDLEWARES": {RecordResponses: 580}}
    failures: list[str] = []
    with tempfile.TemporaryDirectory() as state:
        process = CrawlerProcess(merged)
        deferred = process.crawl(NewsSpider, source=source, state_dir=state, recrawl=True)
        deferred.addErrback(lambda failure: failures.append(failure.getErrorMessage()))
        process.start()
    if failures:
        raise ValueError(f"{source.name}: the recording crawl failed ({failures[0]})")
    manifest = Manifest(source=source.name, recorded_at=_now(), user_agent=str(merged["USER_AGENT"]),
                        articles_asked=articles, pages=sorted(recorder.pages.values(), key=_order))
    (out / MANIFEST).write_text(manifest.model_dump_json(indent=2) + "\n", encoding="utf-8")
    return RecordResult(out, manifest)


def _order(page: RecordedPage) -> tuple[int, str]:
    kinds = ("robots", "feed", "sitemap", "listing", "redirect", "article", "page")
    return kinds.index(page.kind), page.url


def describe(page: RecordedPage) -> str:
    date = f"  published {page.published}" if page.published else ""
    target = f" → {page.location}" if page.location else ""
    saved = f"{page.file} ({page.bytes:,} bytes)" if page.file else "(redirect)"
    return f"{page.kind:<9}{page.status:>4}  {saved}  {page.url}{target}{date}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crawlers.record", description=__doc__.splitlines()[0])
    parser.add_argument("name")
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--articles", type=int, default=DEFAULT_ARTICLES)
    parser.add_argument("--sources", type=Path, default=REGISTRY)
    parser.add_argument("--fast", action="store_true", help="no start delay (local sites only)")
    args = parser.parse_args(argv)
    settings = {"AUTOTHROTTLE_START_DELAY": 0.0} if args.fast else {}
    try:
        result = record_source(args.name, args.out, args.articles, args.sources, settings)
    except (SourceConfigError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    pages = result.manifest.pages
    for page in pages:
        print(describe(page))
    saved = sum(1 for p in pages if p.kind == "article")
    print(f"{result.manifest.source}: {len(pages)} page(s), {saved} article(s) → {result.folder / MANIFEST}")
    if not any(p.kind == "robots" for p in pages):
        print(f"error: {args.out}: no robots.txt was fetched; nothing else could be either", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
