"""Issue 17, item 1: every article is kept, none gets an invented date, and each record says where its date
came from (page, feed, sitemap, http-last-modified) or that none was found (first-seen)."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime, timezone

import yaml

from crawlers.date_source import PublicationDate as Dated
from crawlers.date_source import choose_date, http_last_modified
from crawlers.extraction import extract_article
from tests.helpers.local_site import serve

NOW = datetime(2026, 11, 27, 12, tzinfo=timezone.utc)
PARAGRAPHS = [
    "Example CDMO said it would add two bioreactor lines at its plant near Basel, raising capacity for clinical "
    "and commercial batches of monoclonal antibodies for its customers.",
    "The company expects the lines to be qualified next year and to employ about eighty people at the site, "
    "executives said on a call with analysts and reporters.",
    "Customers have already reserved much of the new capacity, and a second phase could follow if demand for "
    "antibody drug conjugates keeps rising as expected.",
]


def undated_story(title: str = "Example CDMO adds two lines in Basel", article: bool = False) -> str:
    """A story page that states no date anywhere: no meta, no <time>, no date in text or URL."""
    body = f"<h1>{title}</h1>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    body = f"<article>{body}</article>" if article else f"<div class='story'>{body}</div>"
    return (f"<html lang='en'><head><title>{title} | Trade News</title></head><body>"
            f"<nav><a href='/'>Home</a> <a href='/news/'>News</a></nav>{body}"
            "<footer>Trade News, all rights reserved</footer></body></html>")


def test_the_page_date_comes_first_then_feed_or_sitemap_then_last_modified():
    assert choose_date("2025-03-04", "2025-03-01", "feed") == Dated("2025-03-04", "page")
    assert choose_date(None, "2025-03-01T08:00:00+00:00", "feed").source == "feed"
    assert choose_date(None, "2025-03-01", "sitemap") == Dated("2025-03-01", "sitemap")
    # A listing gives no date; an old Last-Modified is the last resort, and without one there is no date.
    old = b"Tue, 04 Mar 2025 08:00:00 GMT"
    assert choose_date(None, None, "listing", old, now=NOW) == Dated("2025-03-04T08:00:00+00:00", "http-last-modified")
    assert choose_date(None, None, "listing", None, now=NOW) == Dated(None, "first-seen")


def test_a_last_modified_of_the_moment_of_serving_is_no_date():
    served = b"Fri, 27 Nov 2026 11:59:00 GMT"
    assert http_last_modified(b"Fri, 27 Nov 2026 11:58:30 GMT", served, NOW) is None
    assert http_last_modified(b"not a date", served, NOW) is None
    assert http_last_modified(b"Sat, 01 Jan 2050 00:00:00 GMT", None, NOW) is None


def test_an_undated_story_is_an_article():
    for article in (False, True):
        got = extract_article(undated_story(article=article),
                              "https://trade.example/news/example-cdmo-adds-two-lines", now=NOW)
        assert got.is_article and got.published is None, article


def _site(pages: dict[str, tuple[str, dict[str, str]]]):
    def respond(path: str):
        if path in pages:
            body, headers = pages[path]
            return 200, {"Content-Type": "text/html; charset=utf-8", **headers}, body.encode()
        return 404, {"Content-Type": "text/html"}, b"<html><body>Not found</body></html>"

    return serve(respond)


def test_undated_pages_are_kept_and_say_where_their_date_came_from(tmp_path):
    feed = ('<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
            "<item><title>B</title><link>{base}/news/beta-bio-opens-a-plant</link>"
            "<pubDate>Mon, 03 Mar 2025 09:00:00 +0000</pubDate></item></channel></rss>")
    sitemap = ('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
               'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url><loc>{base}/news/gamma-cdmo-hires'
               "-a-chief-executive</loc><news:news><news:publication_date>2025-03-02T10:00:00Z</news:publication_date>"
               "</news:news></url></urlset>")
    listing = ("<html><body><h1>News</h1><ul><li><a href='/news/alpha-pharma-adds-capacity-in-cork'>Alpha Pharma "
               "adds capacity in Cork</a></li><li><a href='/news/delta-labs-doubles-its-fill-finish-output'>Delta "
               "Labs doubles its fill-finish output</a></li></ul></body></html>")
    pages: dict[str, tuple[str, dict[str, str]]] = {
        "/robots.txt": ("User-agent: *\nDisallow:\n", {"Content-Type": "text/plain"}),
        "/feed.xml": (feed, {"Content-Type": "application/rss+xml"}),
        "/sitemap.xml": (sitemap, {"Content-Type": "application/xml"}),
        "/news/": (listing, {}),
        "/news/alpha-pharma-adds-capacity-in-cork": (undated_story("Alpha Pharma adds capacity in Cork"), {}),
        "/news/beta-bio-opens-a-plant": (undated_story("Beta Bio opens a plant", article=True), {}),
        "/news/gamma-cdmo-hires-a-chief-executive": (undated_story("Gamma CDMO hires a chief executive"), {}),
        "/news/delta-labs-doubles-its-fill-finish-output": (undated_story("Delta Labs doubles its output"),
                                                            {"Last-Modified": "Sat, 01 Mar 2025 07:00:00 GMT"}),
    }
    server = _site(pages)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    for path, (body, headers) in list(pages.items()):
        pages[path] = (body.replace("{base}", base), headers)
    try:
        sources = tmp_path / "sources.yaml"
        sources.write_text(yaml.safe_dump({"sources": [{
            "name": "undated", "kind": "trade_press", "home": base + "/", "feeds": [base + "/feed.xml"],
            "sitemaps": [base + "/sitemap.xml"], "listings": [base + "/news/"]}]}))
        out = tmp_path / "raw.jsonl"
        completed = subprocess.run(
            [sys.executable, "-m", "flows.cli", "crawl", "--sources", str(sources), "--out", str(out), "--fast",
             "--state-dir", str(tmp_path / "state")], capture_output=True, text=True, timeout=300)
        assert completed.returncode == 0, completed.stderr
    finally:
        server.shutdown()
        server.server_close()
    records = {r["url"].rsplit("/", 1)[1]: r for r in map(json.loads, out.read_text().splitlines())}
    got = {slug: (r["published"], r["date_source"]) for slug, r in records.items()}
    assert got == {
        "alpha-pharma-adds-capacity-in-cork": (None, "first-seen"),
        "beta-bio-opens-a-plant": ("2025-03-03T09:00:00+00:00", "feed"),
        "gamma-cdmo-hires-a-chief-executive": ("2025-03-02T10:00:00+00:00", "sitemap"),
        "delta-labs-doubles-its-fill-finish-output": ("2025-03-01T07:00:00+00:00", "http-last-modified"),
    }
    assert all(r["fetched_at"] for r in records.values())
