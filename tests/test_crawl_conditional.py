"""Issue 17, item 4: feeds, sitemaps and listing pages are asked for with If-None-Match / If-Modified-Since from the
last response's ETag / Last-Modified; a 304 means nothing new, not an error. Real crawls over 127.0.0.1 against a
site that counts full and 304 answers across runs."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from pathlib import Path

import yaml

from crawlers.conditional import ValidatorStore
from crawlers.seen_store import SeenStore
from tests.helpers.local_site import serve

PARAGRAPH = ("{name} said it would add a production line at its plant for biologics, a project that will create "
             "about ninety jobs when it is completed. The company expects inspections within eighteen months, and "
             "customers have already reserved much of the new capacity, executives said on a call with analysts.")
MODIFIED = "Mon, 03 Mar 2025 09:00:00 GMT"


def story(slug: str) -> bytes:
    name = slug.split("-")[0].title()
    body = "".join(f"<p>{PARAGRAPH.format(name=n)}</p>" for n in (name, "It", "The site"))
    return (f"<html lang='en'><head><title>{slug}</title><meta property='og:type' content='article'>"
            f"<meta property='article:published_time' content='2025-03-03T09:00:00+00:00'></head><body><article>"
            f"<h1>{name}: {slug.replace('-', ' ')}</h1>{body}</article></body></html>").encode()


@dataclass
class CountingSite:
    """Entry points with validators; counts full (200) and 304 answers per path."""

    pages: dict[str, tuple[str, bytes, str | None, str | None]] = field(default_factory=dict)
    full: Counter = field(default_factory=Counter)
    not_modified: Counter = field(default_factory=Counter)

    def respond(self, path: str, headers: dict[str, str]):
        asked = {k.lower(): v for k, v in headers.items()}
        if path not in self.pages:
            return 404, {"Content-Type": "text/html"}, b"<html><body>Not found</body></html>"
        content_type, body, etag, modified = self.pages[path]
        since = asked.get("if-modified-since")
        if etag and asked.get("if-none-match") == etag or (
                modified and since and parsedate_to_datetime(since) >= parsedate_to_datetime(modified)):
            self.not_modified[path] += 1
            return 304, {}, b""
        self.full[path] += 1
        sent = {"Content-Type": content_type} | ({"ETag": etag} if etag else {}) | (
            {"Last-Modified": modified} if modified else {})
        return 200, sent, body

    def feed(self, base: str, slugs: list[str], etag: str) -> None:
        items = "".join(f"<item><title>{s}</title><link>{base}/news/{s}</link>"
                        "<pubDate>Mon, 03 Mar 2025 09:00:00 +0000</pubDate></item>" for s in slugs)
        rss = f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{items}</channel></rss>'
        self.pages["/feed.xml"] = ("application/rss+xml", rss.encode(), etag, None)
        for slug in slugs:
            self.pages[f"/news/{slug}"] = ("text/html; charset=utf-8", story(slug), None, None)


def build(base: str) -> CountingSite:
    site = CountingSite()
    xml = "application/xml"
    site.pages["/robots.txt"] = ("text/plain", b"User-agent: *\nDisallow:\n", None, None)
    site.feed(base, ["alpha-pharma-adds-a-line", "beta-bio-opens-a-plant"], '"feed-1"')
    site.pages["/sitemap_index.xml"] = (xml, (
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{base}/sitemap-1.xml</loc></sitemap></sitemapindex>").encode(), None, MODIFIED)
    site.pages["/sitemap-1.xml"] = (xml, (
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<url><loc>{base}/news/gamma-cdmo-hires-a-chief</loc></url></urlset>").encode(), '"sitemap-1"', None)
    listing = "".join(f"<li><a href='/news/{s}'>{s}</a></li>" for s in ("delta-labs-doubles-output",
                                                                        "epsilon-bio-buys-a-site"))
    site.pages["/news/"] = ("text/html; charset=utf-8", (
        f"<html><body><h1>News</h1><ul>{listing}</ul><a rel='next' href='/news/page/2/'>Next</a></body></html>"
    ).encode(), '"news-1"', MODIFIED)
    site.pages["/news/page/2/"] = ("text/html; charset=utf-8", (
        "<html><body><ul><li><a href='/news/zeta-pharma-wins-a-contract'>zeta</a></li></ul></body></html>"
    ).encode(), None, None)
    for slug in ("gamma-cdmo-hires-a-chief", "delta-labs-doubles-output", "epsilon-bio-buys-a-site",
                 "zeta-pharma-wins-a-contract"):
        site.pages[f"/news/{slug}"] = ("text/html; charset=utf-8", story(slug), None, None)
    return site


def crawl(sources: Path, workdir: Path, state: Path, *extra: str) -> tuple[list[str], dict]:
    out, summary = workdir / "raw.jsonl", workdir / "summary.json"
    completed = subprocess.run(
        [sys.executable, "-m", "flows.cli", "crawl", "--sources", str(sources), "--out", str(out), "--summary", str(summary),
         "--fast", "--state-dir", str(state), *extra], capture_output=True, text=True, timeout=300)
    assert completed.returncode == 0, completed.stderr
    slugs = sorted(json.loads(line)["url"].rsplit("/", 1)[1] for line in out.read_text().splitlines())
    return slugs, json.loads(summary.read_text())["sources"][0]


ENTRIES = {"/feed.xml", "/sitemap_index.xml", "/sitemap-1.xml", "/news/"}


def test_unchanged_entry_points_answer_304_and_a_changed_feed_is_read(tmp_path):
    holder: dict[str, CountingSite] = {}
    server = serve(lambda path, headers: holder["site"].respond(path, headers), with_headers=True)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    site = holder["site"] = build(base)
    sources = tmp_path / "sources.yaml"
    sources.write_text(yaml.safe_dump({"sources": [{
        "name": "example-news", "home": base + "/", "feeds": [base + "/feed.xml"],
        "sitemaps": [base + "/sitemap_index.xml"], "listings": [base + "/news/"]}]}))
    state = tmp_path / "state"
    try:
        first, _ = crawl(sources, tmp_path, state)
        assert len(first) == 6 and {p: site.full[p] for p in ENTRIES} == dict.fromkeys(ENTRIES, 1)

        second, summary = crawl(sources, tmp_path, state)
        assert second == []
        assert {p: site.not_modified[p] for p in ENTRIES} == dict.fromkeys(ENTRIES, 1)
        assert {p: site.full[p] for p in ENTRIES} == dict.fromkeys(ENTRIES, 1)  # nothing downloaded in full again
        assert site.full["/news/page/2/"] == 1 and site.full["/news/zeta-pharma-wins-a-contract"] == 1
        assert summary["status"] == "ok" and summary["errors"] == {}
        assert summary["skipped"]["not_modified"] == 4

        site.feed(base, ["eta-labs-expands", "alpha-pharma-adds-a-line", "beta-bio-opens-a-plant"], '"feed-2"')
        third, _ = crawl(sources, tmp_path, state)
        assert third == ["eta-labs-expands"]
        assert site.full["/feed.xml"] == 2 and site.not_modified["/news/"] == 2
    finally:
        server.shutdown()
        server.server_close()
    assert (state / "validators" / "example-news.json").is_file()  # beside the seen-URL store
    assert (state / "seen" / "example-news.json").is_file()


def test_a_feed_whose_stories_were_never_stored_is_read_in_full_again(tmp_path):
    """With --defer-seen the stories are remembered only once stored; a load that never happened must not leave a
    304 hiding them."""
    holder: dict[str, CountingSite] = {}
    server = serve(lambda path, headers: holder["site"].respond(path, headers), with_headers=True)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    site = holder["site"] = build(base)
    sources = tmp_path / "sources.yaml"
    sources.write_text(yaml.safe_dump({"sources": [{"name": "example-news", "home": base + "/",
                                                    "feeds": [base + "/feed.xml"]}]}))
    try:
        for run in (1, 2):
            stories, _ = crawl(sources, tmp_path, tmp_path / "state", "--defer-seen", str(tmp_path / f"d{run}.jsonl"))
            assert len(stories) == 2
        assert site.full["/feed.xml"] == 2 and site.not_modified["/feed.xml"] == 0
    finally:
        server.shutdown()
        server.server_close()


def test_validators_are_used_only_while_every_listed_story_is_stored(tmp_path):
    seen = SeenStore.open(tmp_path, "s")
    store = ValidatorStore.open(tmp_path, "s")
    store.record("https://x.example/feed", '"v1"', MODIFIED, ["https://x.example/a", "https://x.example/b"])
    assert store.request_headers("https://x.example/feed", seen) == {}
    seen.remember(["https://x.example/a", "https://x.example/b"], "article", None)
    assert store.request_headers("https://x.example/feed", seen) == {"If-None-Match": '"v1"',
                                                                      "If-Modified-Since": MODIFIED}
    store.save()
    again = ValidatorStore.open(tmp_path, "s")
    assert again.entries == store.entries
    again.record("https://x.example/feed", None, None, [])  # the server stopped sending validators
    assert again.request_headers("https://x.example/feed", seen) == {}
