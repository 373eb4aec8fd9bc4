from __future__ import annotations

from datetime import datetime, timezone

from crawlers.demo_newsroom.corporate_newsroom_site import CorporateNewsroomSite
from crawlers.demo_newsroom.press_wire_site import PressWireSite
from crawlers.demo_newsroom.trade_press_site import TradePressSite
from crawlers.extraction import extract_article, find_published

NOW = datetime(2026, 11, 27, tzinfo=timezone.utc)


def _render(site_cls, article):
    site = site_cls("s", [article])
    site.build("http://127.0.0.1:9")
    path = site.article_path(article)
    return site.routes[path].body, "http://127.0.0.1:9" + path


def test_trade_press_page(demo_corpus):
    article = next(a for a in demo_corpus if a.site == "pharmaweek" and a.author)
    html, url = _render(TradePressSite, article)
    got = extract_article(html, url, now=NOW)
    assert got.is_article
    assert got.title == article.title
    assert got.author == article.author
    assert got.published == article.published.isoformat()
    assert article.paragraphs[0][:80] in got.text
    for boilerplate in ("We use cookies", "Sign up for our newsletter", "Comments are closed", "Related stories"):
        assert boilerplate not in got.text
    assert got.canonical_url == url
    assert got.lang == "en"


def test_press_wire_page_has_datetime_with_offset(demo_corpus):
    article = next(a for a in demo_corpus if a.site == "biowire")
    html, url = _render(PressWireSite, article)
    got = extract_article(html, url, now=NOW)
    assert got.published == article.published.isoformat()
    assert article.paragraphs[0][:60] in got.text


def test_newsroom_page_date_only(demo_corpus):
    article = next(a for a in demo_corpus if a.site == "alderbrook")
    html, url = _render(CorporateNewsroomSite, article)
    got = extract_article(html, url, now=NOW)
    assert got.published == article.published.date().isoformat()
    assert "This website uses cookies" not in got.text


def test_page_without_a_date_gets_none():
    html = "<html><head><title>About us</title></head><body><article><p>" + "We make medicines. " * 30 + \
        "</p></article></body></html>"
    assert find_published(html, "http://x.org/about-us/", now=NOW) is None


def test_future_date_is_refused():
    html = ('<html><head><meta property="article:published_time" content="2031-01-01T10:00:00+00:00">'
            "</head><body><p>x</p></body></html>")
    assert find_published(html, "http://x.org/a-b/", now=NOW) is None


def test_non_article_page_is_recognised():
    html = "<html><head><title>Careers</title></head><body><nav>Jobs</nav><p>Join us.</p></body></html>"
    assert not extract_article(html, "http://x.org/careers/", now=NOW).is_article
