"""Crawl throughput: our spider against a bare Scrapy spider downloading the same pages of a local site.

`python -m benchmarks.crawl_speed [N]` serves an N-article trade-press site (default 2,000: feed, paginated
listings, article pages built from the demo corpus) on 127.0.0.1, then runs, each in its own process:
  ours  `radar crawl --unthrottled` (discovery, robots.txt, extraction, pipelines, JSONL output)
  bare  a Scrapy spider given the same listing and article URLs that downloads them and does nothing else
with politeness off for both (no AutoThrottle, 64 concurrent requests). It also times extraction alone per page.
Prints a Markdown table; docs/PERFORMANCE.md records a run.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

BARE_SPIDER = '''
import sys, scrapy
from scrapy.crawler import CrawlerProcess

urls = open(sys.argv[1]).read().split()

class Bare(scrapy.Spider):
    name = "bare"
    async def start(self):
        for url in urls:
            yield scrapy.Request(url, callback=self.parse, dont_filter=True)
    def parse(self, response):
        pass

process = CrawlerProcess({"LOG_LEVEL": "ERROR", "ROBOTSTXT_OBEY": False, "AUTOTHROTTLE_ENABLED": False,
                          "CONCURRENT_REQUESTS": 64, "CONCURRENT_REQUESTS_PER_DOMAIN": 64, "TELNETCONSOLE_ENABLED": False,
                          "REMOTE_CONTROL_ENABLED": False, "COOKIES_ENABLED": False})
process.crawl(Bare)
process.start()
'''


def bench_articles(n: int) -> list:
    from crawlers.demo_newsroom.corpus import load_corpus

    corpus = load_corpus()
    return [
        base.model_copy(update={"id": f"bench{i:05d}", "slug": f"{base.slug}-{i}", "site": "pharmaweek",
                                 "published": base.published - timedelta(days=i % 2500, minutes=i)})
        for i, base in ((i, corpus[i % len(corpus)]) for i in range(n))
    ]


def run(n: int = 2000) -> dict:
    from crawlers.demo_newsroom.server import DemoNewsroom
    from crawlers.demo_newsroom.trade_press_site import LISTING_PAGE_SIZE

    articles = bench_articles(n)
    with tempfile.TemporaryDirectory() as tmp, DemoNewsroom(articles) as newsroom:
        site = next(s for s in newsroom.sites if s.name == "pharmamakers-weekly")
        source = next(s for s in newsroom.sources() if s.name == "pharmamakers-weekly")
        pages = -(-n // LISTING_PAGE_SIZE)
        sources = Path(tmp) / "sources.yaml"
        import yaml

        sources.write_text(yaml.safe_dump({"sources": [
            {**source.model_dump(mode="json"), "max_pages": pages + 1}]}))
        listing_urls = [site.base_url + ("/news/" if p == 1 else f"/news/page/{p}/") for p in range(1, pages + 1)]
        article_urls = [site.base_url + site.article_path(a) for a in site.articles]
        url_file = Path(tmp) / "urls.txt"
        url_file.write_text("\n".join([site.base_url + "/feed/", *listing_urls, *article_urls]))

        started = time.perf_counter()
        completed = subprocess.run(
            [sys.executable, "-m", "flows.cli", "crawl", "--sources", str(sources), "--out", str(Path(tmp) / "raw.jsonl"),
             "--summary", str(Path(tmp) / "summary.json"), "--fast", "--unthrottled",
             "--state-dir", str(Path(tmp) / "state")], capture_output=True, text=True)
        ours = time.perf_counter() - started
        if completed.returncode != 0:
            raise RuntimeError(completed.stderr[-2000:])
        summary = json.loads((Path(tmp) / "summary.json").read_text())["sources"][0]
        collected = sum(1 for _ in open(Path(tmp) / "raw.jsonl"))

        script = Path(tmp) / "bare.py"
        script.write_text(BARE_SPIDER)
        started = time.perf_counter()
        subprocess.run([sys.executable, str(script), str(url_file)], check=True, capture_output=True)
        bare = time.perf_counter() - started

        sample = [(site.base_url + site.article_path(a), site.routes[site.article_path(a)].body) for a in articles[:300]]
    per_page, raw_per_page = extraction_cost(sample)
    return {"articles": n, "collected": collected, "pages": summary["pages_fetched"], "ours_s": ours, "bare_s": bare,
            "crawl_s": summary.get("elapsed_seconds"), "extract_ms": per_page * 1000,
            "trafilatura_ms": raw_per_page * 1000}


def extraction_cost(pages: list[tuple[str, str]]) -> tuple[float, float]:
    """Median seconds per page of our extraction and of trafilatura alone, over the same pages."""
    import trafilatura

    from crawlers.extraction import extract_article

    def median(fn) -> float:  # type: ignore[no-untyped-def]
        runs = []
        for _ in range(3):
            started = time.perf_counter()
            for url, html in pages:
                fn(html, url)
            runs.append((time.perf_counter() - started) / len(pages))
        return statistics.median(runs)

    return (median(lambda html, url: extract_article(html, url)),
            median(lambda html, url: trafilatura.bare_extraction(html, url=url)))


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    r = run(n)
    print(f"{os.cpu_count()} cores, Python {sys.version.split()[0]}, {r['articles']:,}-article local site\n")
    print("| crawl | wall (s) | articles | pages | articles/s | ratio ours/bare |")
    print("|---|---|---|---|---|---|")
    print(f"| ours (`radar crawl --unthrottled`) | {r['ours_s']:.1f} | {r['collected']:,} | {r['pages']:,} | "
          f"{r['collected'] / r['ours_s']:.1f} | {r['ours_s'] / r['bare_s']:.2f} |")
    print(f"| bare Scrapy, same URLs, no parsing | {r['bare_s']:.1f} | - | {r['pages']:,} | "
          f"{r['collected'] / r['bare_s']:.1f} | 1.00 |")
    if r["crawl_s"]:
        print(f"\nour crawl without process start-up: {r['crawl_s']:.1f} s ({r['collected'] / r['crawl_s']:.1f} articles/s)")
    print(f"extraction per page: ours {r['extract_ms']:.1f} ms, trafilatura alone {r['trafilatura_ms']:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())


def bench() -> tuple[str, float, float, int, str]:
    """The row `make bench` prints (benchmarks/run.py): ours against the bare spider, same pages."""
    r = run(2000)
    return "crawl (2,000-article local site, politeness off)", r["ours_s"], r["bare_s"], r["collected"], "articles"
