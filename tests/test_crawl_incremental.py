"""Incremental crawling and politeness over real crawls on 127.0.0.1: a second crawl of an unchanged site downloads
no article page again, a new or changed article is picked up, robots.txt Crawl-delay spaces the requests."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from crawlers.demo_newsroom.server import DemoNewsroom
from crawlers.replay_server import FixtureMirror

PARAGRAPH = ("{name} said it would add a production line at its plant for biologics, a project that will create "
             "about ninety jobs when it is completed. The company expects inspections within eighteen months, and "
             "customers have already reserved much of the new capacity, executives said on a call with analysts.")


def _crawl(sources: Path, workdir: Path, *extra: str) -> tuple[list[dict], dict]:
    out, summary = workdir / "raw.jsonl", workdir / "summary.json"
    completed = subprocess.run(
        [sys.executable, "-m", "flows.cli", "crawl", "--sources", str(sources), "--out", str(out), "--summary", str(summary),
         "--fast", "--state-dir", str(workdir / "state"), *extra],
        capture_output=True, text=True, timeout=300,
    )
    assert completed.returncode == 0, completed.stderr
    records = [json.loads(line) for line in out.read_text().splitlines()]
    return records, {s["source"]: s for s in json.loads(summary.read_text())["sources"]}


def _page(name: str, day: str) -> str:
    return (f"<html lang='en'><head><title>{name} expands</title><meta property='og:type' content='article'>"
            f"<meta property='article:published_time' content='{day}T09:00:00+00:00'></head><body><article>"
            f"<h1>{name} expands</h1><p>{PARAGRAPH.format(name=name)}</p><p>{PARAGRAPH.format(name='It')}</p>"
            "</article></body></html>")


def _sitemap(entries: dict[str, str]) -> str:
    urls = "".join(f"<url><loc>https://news.example.org/{slug}</loc><lastmod>{lastmod}</lastmod></url>"
                   for slug, lastmod in entries.items())
    return f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'


def test_second_crawl_of_the_demo_newsroom_downloads_no_article_again(demo_corpus, tmp_path):
    subset = [a for a in demo_corpus if a.site != "pharmaweek"][:20] + \
        [a for a in demo_corpus if a.site == "pharmaweek"][:25]
    with DemoNewsroom(subset) as newsroom:
        sources = newsroom.write_sources_yaml(tmp_path / "sources.yaml")
        first, _ = _crawl(sources, tmp_path)
        article_paths = {site.name: {site.article_path(a) for a in site.articles} for site in newsroom.sites}
        for site in newsroom.sites:
            site.requested.clear()
        second, summary = _crawl(sources, tmp_path)
        refetched = {name: [p for p in site.requested if p in article_paths[site.name]]
                     for name, site in ((s.name, s) for s in newsroom.sites)}
    assert len(first) == len(subset)
    assert second == []
    assert refetched == {name: [] for name in article_paths}
    assert sum(s["articles_unchanged"] for s in summary.values()) == len(subset)
    assert all(s["status"] == "ok" for s in summary.values())


def test_new_and_changed_articles_are_picked_up_and_recrawl_fetches_all(tmp_path):
    sources = tmp_path / "sources.yaml"
    sources.write_text(yaml.safe_dump({"sources": [{
        "name": "example-news", "kind": "newsroom", "home": "https://news.example.org/",
        "sitemaps": ["https://news.example.org/sitemap.xml"],
    }]}))
    lastmods = {"alpha-pharma-expands": "2025-01-10", "beta-bio-expands": "2025-01-11"}
    with FixtureMirror() as mirror:
        mirror.set("https://news.example.org/robots.txt", "User-agent: *\nDisallow:\n")
        mirror.set("https://news.example.org/sitemap.xml", _sitemap(lastmods))
        mirror.set("https://news.example.org/alpha-pharma-expands", _page("Alpha Pharma", "2025-01-10"))
        mirror.set("https://news.example.org/beta-bio-expands", _page("Beta Bio", "2025-01-11"))
        replay = ("--replay", mirror.url)
        first, _ = _crawl(sources, tmp_path, *replay)
        second, summary_2 = _crawl(sources, tmp_path, *replay)
        # Beta's page changes (its sitemap lastmod moves) and a new story appears.
        mirror.set("https://news.example.org/beta-bio-expands", _page("Beta Bio", "2025-01-11").replace(
            "</article>", "<p>Update: the line will start a month early.</p></article>"))
        mirror.set("https://news.example.org/gamma-cells-expands", _page("Gamma Cells", "2025-02-01"))
        mirror.set("https://news.example.org/sitemap.xml", _sitemap(
            {**lastmods, "beta-bio-expands": "2025-02-03", "gamma-cells-expands": "2025-02-01"}))
        mirror.requested.clear()
        third, summary_3 = _crawl(sources, tmp_path, *replay)
        pages_third = [k for k in mirror.requested if k.endswith("-expands")]
        fourth, _ = _crawl(sources, tmp_path, *replay, "--recrawl")
    assert len(first) == 2 and second == []
    assert summary_2["example-news"]["articles_unchanged"] == 2
    assert sorted(r["title"] for r in third) == ["Beta Bio expands", "Gamma Cells expands"]
    assert "start a month early" in next(r["text"] for r in third if r["title"] == "Beta Bio expands")
    assert sorted(pages_third) == ["news.example.org/beta-bio-expands", "news.example.org/gamma-cells-expands"]
    assert summary_3["example-news"]["articles_updated"] == 1
    assert len(fourth) == 3


def test_unreadable_seen_store_is_refused_with_its_path(tmp_path):
    store = tmp_path / "state" / "seen" / "example-news.json"
    store.parent.mkdir(parents=True)
    store.write_text("{not json")
    sources = tmp_path / "sources.yaml"
    sources.write_text(yaml.safe_dump({"sources": [{
        "name": "example-news", "kind": "newsroom", "home": "http://127.0.0.1:9/",
        "feeds": ["http://127.0.0.1:9/feed"]}]}))
    _, summary = _crawl(sources, tmp_path)
    assert summary["example-news"]["status"] == "failed"
    assert str(store) in summary["example-news"]["message"]


@pytest.mark.parametrize("robots, delay", [
    ("User-agent: *\nCrawl-delay: 1\n", 1.0),
    ("User-agent: cdmo-radar\nCrawl-delay: 1.5\n\nUser-agent: *\nDisallow: /\n", 1.5),
])
def test_robots_crawl_delay_spaces_requests_to_the_host(tmp_path, robots, delay):
    sources = tmp_path / "sources.yaml"
    sources.write_text(yaml.safe_dump({"sources": [{
        "name": "slow-host", "kind": "newsroom", "home": "https://slow.example.org/",
        "feeds": ["https://slow.example.org/feed.xml"]}]}))
    slugs = [f"story-number-{i}-expands" for i in range(4)]
    items = "".join(f"<item><link>https://slow.example.org/{s}</link></item>" for s in slugs)
    with FixtureMirror() as mirror:
        mirror.set("https://slow.example.org/robots.txt", robots, content_type="text/plain")
        mirror.set("https://slow.example.org/feed.xml", f'<rss version="2.0"><channel>{items}</channel></rss>',
                   content_type="application/rss+xml")
        for i, slug in enumerate(slugs):
            mirror.set(f"https://slow.example.org/{slug}", _page(f"Company {i}", "2025-01-1" + str(i)))
        records, summary = _crawl(sources, tmp_path, "--replay", mirror.url)
        times = [t for t, key in mirror.request_times if not key.endswith("robots.txt")]
    assert len(records) == 4
    assert summary["slow-host"]["crawl_delay"] == delay
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert len(gaps) == 4 and min(gaps) >= delay * 0.95, gaps


def test_seen_store_round_trip_and_change_detection(tmp_path):
    from crawlers.seen_store import SeenStore

    store = SeenStore.open(tmp_path, "src")
    assert not store.known("https://x.org/a") and not store.is_fresh("https://x.org/a", None)
    store.remember(["https://x.org/a", "https://x.org/a"], "article", "2025-01-10T00:00:00+00:00")
    store.remember(["https://x.org/b"], "other", None)
    store.save()
    again = SeenStore.open(tmp_path, "src")
    assert again.is_fresh("https://x.org/a", "2025-01-10T00:00:00+00:00")
    assert again.is_fresh("https://x.org/a", None)
    assert not again.is_fresh("https://x.org/a", "2025-02-01T00:00:00+00:00")  # the sitemap says it changed
    assert again.is_fresh("https://x.org/b", None)
    assert list((tmp_path / "seen").iterdir()) == [tmp_path / "seen" / "src.json"]  # no temporary file left


def test_seen_store_of_another_format_is_refused(tmp_path):
    from crawlers.seen_store import SeenStore

    (tmp_path / "seen").mkdir()
    (tmp_path / "seen" / "src.json").write_text('{"version": 99, "urls": {}}')
    with pytest.raises(ValueError, match="src.json"):
        SeenStore.open(tmp_path, "src")
