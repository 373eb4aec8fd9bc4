"""Run a crawl of several sources in one Scrapy process and summarise it per source."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from scrapy.crawler import CrawlerProcess

from crawlers.settings import BASE_SETTINGS, environment_settings
from crawlers.sources import Source
from crawlers.spiders.news import NewsSpider


@dataclass
class SourceCrawlSummary:
    source: str
    status: str  # ok | partial (stopped at a per-source limit) | failed
    pages_fetched: int = 0
    articles: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    message: str | None = None
    # Added in v0.2 (readers must tolerate their absence in older summaries):
    articles_updated: int = 0  # re-downloaded because the feed or sitemap reported a change
    articles_unchanged: int = 0  # known from an earlier run and not downloaded again
    pages_truncated: int = 0  # article pages cut at RADAR_PAGE_CAP
    crawl_delay: float | None = None  # robots.txt Crawl-delay applied, seconds
    elapsed_seconds: float | None = None  # from spider open to close


@dataclass
class CrawlSummary:
    output: str
    sources: list[SourceCrawlSummary]

    @property
    def articles(self) -> int:
        return sum(s.articles for s in self.sources)

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2)


PARTIAL_REASONS = {"time_budget": "its time budget", "article_cap": "its articles-per-run cap",
                   "listing_link_cap": "its links-per-listing-page cap"}


def _summarise(source: Source, stats: dict[str, Any], failure: str | None) -> SourceCrawlSummary:
    skipped = {k[len("radar/skipped/"):]: v for k, v in stats.items() if k.startswith("radar/skipped/")}
    errors = {k[len("radar/errors/"):]: v for k, v in stats.items() if k.startswith("radar/errors/")}
    pages = int(stats.get("response_received_count", 0))
    articles = int(stats.get("radar/articles", 0))
    partial = sorted(k[len("radar/partial/"):] for k in stats if k.startswith("radar/partial/"))
    status = "failed" if failure or (errors and pages == 0) else "partial" if partial else "ok"
    message = failure
    if status == "partial":
        message = "stopped at " + ", ".join(PARTIAL_REASONS.get(p, p) for p in partial)
    if status == "failed" and not message:
        message = "no page could be fetched: " + ", ".join(f"{k}={v}" for k, v in sorted(errors.items()))
    return SourceCrawlSummary(
        source=source.name, status=status, pages_fetched=pages, articles=articles,
        skipped=skipped, errors=errors, message=message,
        articles_updated=int(stats.get("radar/articles_updated", 0)),
        articles_unchanged=int(skipped.get("unchanged", 0)),
        pages_truncated=int(stats.get("radar/pages/truncated", 0)),
        crawl_delay=stats.get("radar/robots_crawl_delay"),
        elapsed_seconds=round(stats["elapsed_time_seconds"], 2) if "elapsed_time_seconds" in stats else None,
    )


def _stats(crawler: Any) -> dict[str, Any]:
    """The crawler's stats; none when it failed before starting (Scrapy 2.19 raises on access then)."""
    try:
        return crawler.stats.get_stats() if crawler.stats else {}
    except RuntimeError:
        return {}


def run_crawl(
    sources: list[Source],
    out: Path,
    since: str | None = None,
    max_items: int | None = None,
    settings: dict[str, Any] | None = None,
    state_dir: Path | None = None,
    recrawl: bool = False,
) -> CrawlSummary:
    """Crawl every source into `out` (JSONL, replaced). Blocks; call once per process (Twisted's reactor).

    `state_dir` holds the seen-URL store of incremental crawling (default: see crawlers.seen_store);
    `recrawl` downloads every discovered page again.
    """
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("", encoding="utf-8")
    merged = {**BASE_SETTINGS, **environment_settings(), **(settings or {}), "RADAR_OUTPUT": str(out)}
    process = CrawlerProcess(merged)
    crawlers: list[tuple[Source, Any]] = []
    failures: dict[str, str] = {}
    for source in sources:
        crawler = process.create_crawler(NewsSpider)
        deferred = process.crawl(crawler, source=source, since=since, max_items=max_items,
                                 state_dir=state_dir, recrawl=recrawl)

        def _record_failure(failure: Any, name: str = source.name) -> None:
            failures[name] = failure.getErrorMessage()

        deferred.addErrback(_record_failure)
        crawlers.append((source, crawler))
    process.start()
    summaries = [_summarise(source, _stats(crawler), failures.get(source.name)) for source, crawler in crawlers]
    return CrawlSummary(output=str(out), sources=summaries)
