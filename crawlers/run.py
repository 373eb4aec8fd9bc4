"""Run a crawl of several sources in one Scrapy process and summarise it per source."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from scrapy.crawler import CrawlerProcess

from crawlers.settings import BASE_SETTINGS
from crawlers.sources import Source
from crawlers.spiders.news import NewsSpider


@dataclass
class SourceCrawlSummary:
    source: str
    status: str  # ok | failed
    pages_fetched: int = 0
    articles: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    message: str | None = None


@dataclass
class CrawlSummary:
    output: str
    sources: list[SourceCrawlSummary]

    @property
    def articles(self) -> int:
        return sum(s.articles for s in self.sources)

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2)


def _summarise(source: Source, stats: dict[str, Any], failure: str | None) -> SourceCrawlSummary:
    prefix = "radar/"
    skipped = {k[len("radar/skipped/"):]: v for k, v in stats.items() if k.startswith("radar/skipped/")}
    errors = {k[len("radar/errors/"):]: v for k, v in stats.items() if k.startswith("radar/errors/")}
    pages = int(stats.get("response_received_count", 0))
    articles = int(stats.get(prefix + "articles", 0))
    status = "failed" if failure or (errors and pages == 0) else "ok"
    return SourceCrawlSummary(
        source=source.name, status=status, pages_fetched=pages, articles=articles,
        skipped=skipped, errors=errors, message=failure,
    )


def run_crawl(
    sources: list[Source],
    out: Path,
    since: str | None = None,
    max_items: int | None = None,
    settings: dict[str, Any] | None = None,
) -> CrawlSummary:
    """Crawl every source into `out` (JSONL, replaced). Blocks; call once per process (Twisted's reactor)."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("", encoding="utf-8")
    process = CrawlerProcess({**BASE_SETTINGS, **(settings or {}), "RADAR_OUTPUT": str(out)})
    crawlers: list[tuple[Source, Any]] = []
    failures: dict[str, str] = {}
    for source in sources:
        crawler = process.create_crawler(NewsSpider)
        deferred = process.crawl(crawler, source=source, since=since, max_items=max_items)

        def _record_failure(failure: Any, name: str = source.name) -> None:
            failures[name] = failure.getErrorMessage()

        deferred.addErrback(_record_failure)
        crawlers.append((source, crawler))
    process.start()
    summaries = [
        _summarise(source, crawler.stats.get_stats() if crawler.stats else {}, failures.get(source.name))
        for source, crawler in crawlers
    ]
    return CrawlSummary(output=str(out), sources=summaries)
