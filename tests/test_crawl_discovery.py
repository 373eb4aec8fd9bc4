"""Issue 17, item 3: a source given as a name and a home URL finds its own entry points, on a real crawl over
127.0.0.1: robots.txt `Sitemap:` lines (a sitemap index, a gzipped news sitemap, a gzip-encoded sitemap), the home
page's RSS and Atom links and its own story links; off-site sitemaps and robots-disallowed pages are left alone."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from html import escape

import pytest
import yaml

from crawlers.discovery import SitemapBodyError, feeds_on_page, sitemap_body, sitemaps_in_robots
from crawlers.sources import parse_sources
from tests.helpers.local_site import serve

PARAGRAPH = ("{name} said it would add a production line at its plant for biologics, a project that will create "
             "about ninety jobs when it is completed. The company expects inspections within eighteen months, and "
             "customers have already reserved much of the new capacity, executives said on a call with analysts.")
STORIES = {  # slug -> how the site announces it
    "alpha-pharma-adds-a-line": "feed",
    "beta-bio-opens-a-plant": "atom",
    "gamma-cdmo-hires-a-chief": "news-sitemap",
    "delta-labs-doubles-output": "sitemap",
    "epsilon-biologics-buys-a-site": "home",
}


def story(slug: str) -> str:
    name = slug.split("-")[0].title()
    paragraphs = "".join(f"<p>{PARAGRAPH.format(name=n)}</p>" for n in (name, "It", "The site"))
    return (f"<html lang='en'><head><title>{escape(slug)}</title></head><body><article><h1>{name} news: "
            f"{slug.replace('-', ' ')}</h1>{paragraphs}</article></body></html>")


def site_pages(base: str) -> dict[str, tuple[dict[str, str], bytes]]:
    def of(kind: str) -> list[str]:
        return [slug for slug, how in STORIES.items() if how == kind]

    urlset = '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" ' \
             'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{}</urlset>'
    news = urlset.format("".join(
        f"<url><loc>{base}/news/{slug}</loc><news:news><news:publication>"
        "<news:name>Example</news:name><news:language>en</news:language></news:publication>"
        "<news:publication_date>2025-03-02T10:00:00+00:00</news:publication_date></news:news></url>"
        for slug in of("news-sitemap")) + f"<url><loc>{base}/private/secret-plans-for-a-plant</loc></url>")
    posts = urlset.format("".join(f"<url><loc>{base}/news/{slug}</loc></url>" for slug in of("sitemap")))
    index = ('<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
             f"<sitemap><loc>{base}/sitemap-news.xml.gz</loc></sitemap>"
             f"<sitemap><loc>{base}/sitemap-posts.xml</loc></sitemap></sitemapindex>")
    rss = ('<?xml version="1.0"?><rss version="2.0"><channel><title>Example</title>' + "".join(
        f"<item><title>{slug}</title><link>{base}/news/{slug}</link><pubDate>Mon, 03 Mar 2025 09:00:00 +0000"
        "</pubDate></item>" for slug in of("feed")) + "</channel></rss>")
    atom = ('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Example</title>' + "".join(
        f'<entry><title>{slug}</title><link href="{base}/news/{slug}"/><id>{slug}</id>'
        "<updated>2025-03-04T09:00:00Z</updated></entry>" for slug in of("atom")) + "</feed>")
    home = ("<html><head><title>Example News</title>"
            '<link rel="alternate" type="application/rss+xml" title="Feed" href="/feed/">'
            '<link rel="alternate" type="application/atom+xml" href="/atom.xml">'
            '<link rel="alternate" type="application/rss+xml" title="Comments" href="/comments/feed/">'
            '<link rel="alternate" type="application/rss+xml" href="https://elsewhere.example/feed/">'
            "</head><body><h1>Example News</h1><ul>" + "".join(
                f"<li><a href='/news/{slug}'>{slug.replace('-', ' ')}</a></li>" for slug in of("home")) +
            "<li><a href='/about-us/'>About us</a></li></ul></body></html>")
    robots = ("User-agent: *\nDisallow: /private/\n\n"
              f"Sitemap: {base}/sitemap_index.xml\nSitemap: https://elsewhere.example/sitemap.xml\n")
    xml = {"Content-Type": "application/xml"}
    pages = {
        "/robots.txt": ({"Content-Type": "text/plain"}, robots.encode()),
        "/": ({"Content-Type": "text/html; charset=utf-8"}, home.encode()),
        "/feed/": ({"Content-Type": "application/rss+xml"}, rss.encode()),
        "/atom.xml": ({"Content-Type": "application/atom+xml"}, atom.encode()),
        "/sitemap_index.xml": (xml, index.encode()),
        # A gzipped file, and a plain sitemap sent gzip-encoded: both as real servers do.
        "/sitemap-news.xml.gz": ({"Content-Type": "application/x-gzip"}, gzip.compress(news.encode())),
        "/sitemap-posts.xml": ({**xml, "Content-Encoding": "gzip"}, gzip.compress(posts.encode())),
    }
    for slug in [*STORIES, "secret-plans-for-a-plant"]:
        folder = "private" if slug.startswith("secret") else "news"
        pages[f"/{folder}/{slug}"] = ({"Content-Type": "text/html; charset=utf-8"}, story(slug).encode())
    return pages


def test_a_source_named_by_its_home_alone_finds_feeds_sitemaps_and_stories(tmp_path):
    requested: list[str] = []
    pages: dict[str, tuple[dict[str, str], bytes]] = {}

    def respond(path: str):
        requested.append(path)
        if path in pages:
            headers, body = pages[path]
            return 200, headers, body
        return 404, {"Content-Type": "text/html"}, b"<html><body>Not found</body></html>"

    server = serve(respond)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    pages.update(site_pages(base))
    try:
        sources = tmp_path / "sources.yaml"
        sources.write_text(yaml.safe_dump({"sources": [{"name": "example-news", "home": base + "/"}]}))
        out, summary = tmp_path / "raw.jsonl", tmp_path / "summary.json"
        completed = subprocess.run(
            [sys.executable, "-m", "flows.cli", "crawl", "--sources", str(sources), "--out", str(out), "--summary", str(summary),
             "--fast", "--state-dir", str(tmp_path / "state")], capture_output=True, text=True, timeout=300)
        assert completed.returncode == 0, completed.stderr
    finally:
        server.shutdown()
        server.server_close()
    records = {r["url"].rsplit("/", 1)[1]: r for r in map(json.loads, out.read_text().splitlines())}
    assert set(records) == set(STORIES)
    assert {slug: r["discovered_via"] for slug, r in records.items()} == {
        "alpha-pharma-adds-a-line": "feed", "beta-bio-opens-a-plant": "feed", "gamma-cdmo-hires-a-chief": "sitemap",
        "delta-labs-doubles-output": "sitemap", "epsilon-biologics-buys-a-site": "listing"}
    assert records["gamma-cdmo-hires-a-chief"]["published"] == "2025-03-02T10:00:00+00:00"
    assert records["gamma-cdmo-hires-a-chief"]["date_source"] == "sitemap"
    assert "/private/secret-plans-for-a-plant" not in requested and "/comments/feed/" not in requested
    result = json.loads(summary.read_text())["sources"][0]
    assert result["status"] == "ok" and not result["errors"]
    assert result["skipped"].get("off_domain") == 2  # the other host's sitemap and feed


def test_discovery_only_when_asked_or_when_nothing_is_named():
    named, bare, both = parse_sources(yaml.safe_dump({"sources": [
        {"name": "a", "kind": "wire", "home": "https://a.example/", "feeds": ["https://a.example/feed"]},
        {"name": "b", "home": "https://b.example/"},
        {"name": "c", "home": "https://c.example/", "listings": ["https://c.example/news/"], "discover": True},
    ]}))
    assert (named.discovers, bare.discovers, both.discovers) == (False, True, True)
    assert bare.kind is None


def test_entry_points_read_from_robots_and_home_pages():
    robots = b"User-agent: *\nsitemap: /a.xml\nSitemap: https://x.example/b.xml.gz\nSitemap: /a.xml\n"
    assert sitemaps_in_robots(robots, "https://x.example/robots.txt") == [
        "https://x.example/a.xml", "https://x.example/b.xml.gz"]
    assert feeds_on_page('<link rel="alternate" type="application/atom+xml; charset=utf-8" href="/atom">'
                         '<link rel="stylesheet" type="text/css" href="/a.css">', "https://x.example/") == [
        "https://x.example/atom"]
    assert feeds_on_page("", "https://x.example/") == []


def test_gzipped_sitemaps_unpack_within_the_size_cap():
    xml = b'<?xml version="1.0"?><urlset/>' + b" " * 10_000
    assert sitemap_body(gzip.compress(xml), 1_000_000) == xml
    assert sitemap_body(xml, 10) == xml  # already plain (or decoded by the compression middleware)
    with pytest.raises(SitemapBodyError, match="more than 1000 bytes"):
        sitemap_body(gzip.compress(xml), 1_000)
    with pytest.raises(SitemapBodyError, match="broken gzip"):
        sitemap_body(b"\x1f\x8b\x08" + b"\x00" * 20, 1_000)
