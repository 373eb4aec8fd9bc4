from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from crawlers.urls import article_id, canonicalize_url


def test_tracking_parameters_fragment_and_case_are_dropped():
    url = "HTTPS://News.Example.com:443/a/story-one/?utm_source=rss&id=7&fbclid=x#comments"
    assert canonicalize_url(url) == "https://news.example.com/a/story-one/?id=7"


def test_index_page_and_query_order_normalised():
    assert canonicalize_url("http://x.org/news/index.html?b=2&a=1") == "http://x.org/news/?a=1&b=2"


def test_non_default_port_is_kept():
    assert canonicalize_url("http://127.0.0.1:8123/p/") == "http://127.0.0.1:8123/p/"


def test_article_id_is_stable_and_distinct():
    a = article_id("https://x.org/a/")
    assert a == article_id("https://x.org/a/") and len(a) == 16
    assert a != article_id("https://x.org/b/")


@given(
    path=st.lists(st.from_regex(r"[a-z0-9-]{1,12}", fullmatch=True), max_size=4),
    params=st.dictionaries(st.from_regex(r"[a-z]{1,6}", fullmatch=True), st.from_regex(r"[a-z0-9]{0,6}", fullmatch=True)),
)
def test_canonicalisation_is_idempotent(path, params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    url = "https://example.com/" + "/".join(path) + (f"?{query}" if query else "")
    once = canonicalize_url(url)
    assert canonicalize_url(once) == once


def test_strip_tracking_keeps_the_rest_of_the_url():
    from crawlers.urls import strip_tracking

    url = "https://News.example.com/a/index.html?utm_source=rss&id=7&feedref=x#top"
    assert strip_tracking(url) == "https://News.example.com/a/index.html?id=7"


def test_an_article_id_never_takes_another_hosts_canonical():
    from crawlers.urls import article_id, identity_url

    own = identity_url("https://news.example.com/a", "https://news.example.com/a?utm_source=x")
    assert own == "https://news.example.com/a"
    hostile = identity_url("https://victim.example.org/story", "https://attacker.example.net/copy")
    assert hostile == "https://attacker.example.net/copy"
    assert article_id(hostile) != article_id("https://victim.example.org/story")
    # Another port is another site.
    assert identity_url("http://127.0.0.1:8001/a", "http://127.0.0.1:8002/a") == "http://127.0.0.1:8002/a"


def test_canonical_links_must_be_web_addresses_in_any_letter_case():
    from lxml import html

    from crawlers.page_metadata import find_canonical

    for bad in ("JavaScript:alert(1)", "javascript:alert(1)", "DATA:text/html,x", "mailto:a@b.c"):
        tree = html.fromstring(f'<html><head><link rel="canonical" href="{bad}"></head><body></body></html>')
        assert find_canonical(tree, "https://site.example/a") == "https://site.example/a"
    tree = html.fromstring('<html><head><link rel="canonical" href="HTTPS://Site.example/b"></head></html>')
    assert find_canonical(tree, "https://site.example/a").lower() == "https://site.example/b"


def test_feed_and_sitemap_dates_outside_1990_to_tomorrow_are_dropped():
    from datetime import datetime, timezone

    from crawlers.dates import plausible_iso
    from crawlers.spiders.news import _entry_date, _lastmod

    now = datetime(2026, 12, 6, tzinfo=timezone.utc)
    assert plausible_iso("2026-12-06T10:00:00+00:00", now) == "2026-12-06T10:00:00+00:00"
    assert plausible_iso("2026-12-08", now) is None and plausible_iso("1989-12-31", now) is None
    assert _lastmod("9999-12-31T00:00:00Z") is None and _lastmod("Fri, 31 Dec 9999 23:59:59 GMT") is None
    assert _lastmod("2025-03-04") == "2025-03-04"
    assert _entry_date({"published_parsed": (9999, 12, 31, 0, 0, 0)}) is None
    assert _entry_date({"published_parsed": (2025, 3, 4, 8, 0, 0)}).startswith("2025-03-04")
