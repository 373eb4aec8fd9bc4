from __future__ import annotations

from datetime import datetime, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

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


# -- boilerplate --------------------------------------------------------------------------------------------

RELEASE = """<html lang="en"><head><title>{title} | Wire</title><meta property="og:type" content="article">
<meta name="description" content="{dek}"></head><body>
<header><a href="/">Wire</a><div class="date">Friday 27 November 2026</div></header>
<div class="cookie-consent">We use cookies to improve your experience.</div>
<main><h1>{title}</h1><h2 class="subtitle">{dek}</h2>
<p class="meta">News provided by</p><p>Example CDMO</p><p>May 14, 2024, 08:00 ET</p>
<div class="body">
<p>BOSTON, May 14, 2024 /Wire/ -- Example CDMO today opened a new fill-finish plant in Boston, adding two
isolator lines for vials and syringes that will employ one hundred and twenty people by the end of next year.</p>
<p>The plant will serve biotech customers that need clinical and commercial supply of injectable medicines,
and it was designed to meet the revised European and US requirements for sterile manufacturing.</p>
<p>{tail_heading}</p><p>Example CDMO is a contract development and manufacturing organisation with six sites.</p>
<p>Forward-Looking Statements</p><p>This press release contains forward-looking statements about plans.</p>
<p>Media Contact:<br>Jane Roe, press@example.com</p><p>SOURCE Example CDMO</p>
</div></main>
<aside class="related-stories"><h3>Related stories</h3><a href="/x">Another plant opens</a></aside>
<footer>Copyright 2026 Wire</footer></body></html>"""


@pytest.mark.parametrize("tail_heading", ["About Example CDMO", "<strong>About Example CDMO</strong>",
                                          "About Example CDMO, Inc.:"])
def test_press_release_tail_and_wire_chrome_are_stripped(tail_heading):
    title, dek = "Example CDMO Opens Boston Fill-Finish Plant", "Two isolator lines for injectables"
    html = RELEASE.format(title=title, dek=dek, tail_heading=tail_heading)
    got = extract_article(html, "https://wire.example/news-releases/example-cdmo-opens-plant-301.html", now=NOW)
    assert got.text.startswith("BOSTON, May 14, 2024 /Wire/ -- Example CDMO today opened a new fill-finish plant")
    assert got.text.endswith("revised European and US requirements for sterile manufacturing.")
    for unwanted in ("About Example CDMO", "six sites", "Forward-Looking", "forward-looking statements", "Media Contact",
                     "press@example.com", "SOURCE", "News provided by", dek, title, "cookies", "Related stories",
                     "Copyright"):
        assert unwanted not in got.text
    assert got.published == "2024-05-14T08:00:00-04:00"  # the ET line, daylight saving time in May
    assert got.title == title


@pytest.mark.parametrize("line, cut", [
    ("About Lonza", True), ("About Samsung Biologics Co., Ltd.", True), ("About Lonza: Lonza is a partner.", True),
    ("About half of the new capacity is already reserved.", False), ("About 200 jobs will be created.", False),
    ("Media Contacts", True), ("Investor Relations:", True), ("Forward-Looking Statements", True),
    ("Cautionary Note Regarding Forward-Looking Statements", True), ("SOURCE Cambrex", True),
    ("Sources close to the deal said the price was high.", False), ("Notes to editors", True),
])
def test_release_tail_markers(line, cut):
    from crawlers.boilerplate import clean_body

    text = "First paragraph of the story, which is long enough to count as one.\n" + line + "\nMore text."
    assert (clean_body(text) == "First paragraph of the story, which is long enough to count as one.") is cut


def test_repeated_title_dek_and_byline_leave_the_body():
    from crawlers.boilerplate import clean_body

    text = "Big News Headline\nThe dek of it\nBy Ann Writer\n3 min read\nMay 2, 2025\nThe story starts here.\nEnd."
    assert clean_body(text, title="Big News Headline", dek="The dek of it", byline="Ann Writer") == \
        "The story starts here.\nEnd."


# -- dates ----------------------------------------------------------------------------------------------------

def _page(head: str = "", body: str = "") -> str:
    return (f"<html lang='en'><head><title>Plant opens</title>{head}</head><body>"
            "<header><p class='edition'>Today: 27 November 2026</p></header>"
            f"<article><h1>Plant opens in Cork this week</h1>{body}<p>{'Text of the story. ' * 40}</p></article>"
            "<aside class='related'><span class='date'>3 March 2026</span></aside></body></html>")


@pytest.mark.parametrize("head, body, url, expected", [
    ('<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2025-03-04T09:30:00+01:00"}</script>',
     "", "https://x.org/a-b-c", "2025-03-04T09:30:00+01:00"),
    ('<script type="application/ld+json">{"@graph": [{"@type": "WebPage", "datePublished": "2025-03-04"}]}</script>',
     "", "https://x.org/a-b-c", "2025-03-04"),
    ('<meta property="article:published_time" content="2025-03-04T08:00:00Z">', "", "https://x.org/a-b-c",
     "2025-03-04T08:00:00+00:00"),
    ('<meta name="DC.date.issued" content="2025-03-04">', "", "https://x.org/a-b-c", "2025-03-04"),
    ("", '<time datetime="2025-03-04T10:00:00-05:00">March 4</time>', "https://x.org/a-b-c", "2025-03-04T10:00:00-05:00"),
    ("", '<p class="posted-on">Posted 4th March 2025</p>', "https://x.org/a-b-c", "2025-03-04"),
    ("", "<p>Mar. 4, 2025, 08:00 ET</p>", "https://x.org/a-b-c", "2025-03-04T08:00:00-05:00"),
    ("", "<p>CORK, Ireland, March 4, 2025 /Wire/ -- A company said.</p>", "https://x.org/a-b-c", "2025-03-04"),
    ("", "<p class='date'>04.03.2025</p>", "https://x.org/a-b-c", "2025-03-04"),
    ("", "", "https://x.org/news/2025/03/04/plant-opens", "2025-03-04"),
    ("", "", "https://x.org/news/home/20250304005123/en/Plant-Opens", "2025-03-04"),
    ("", "", "https://x.org/news/plant-opens-in-cork", None),  # header and teaser dates are not the article's
    ('<meta property="article:published_time" content="2031-01-01T10:00:00+00:00">', "", "https://x.org/a-b-c", None),
    ("", "<p class='date'>05/03/2025</p>", "https://x.org/a-b-c", None),  # ambiguous day/month, no locale
])
def test_publication_date_sources_in_order(head, body, url, expected):
    assert find_published(_page(head, body), url, now=NOW) == expected


def test_us_page_settles_slash_dates_month_first():
    html = _page(body="<p class='date'>05/03/2025</p>").replace("lang='en'", "lang='en-US'")
    assert find_published(html, "https://x.org/a-b-c", now=NOW) == "2025-05-03"


@given(st.datetimes(min_value=datetime(1996, 1, 1), max_value=datetime(2026, 11, 1)),
       st.sampled_from(["%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%Y-%m-%d", "%d.%m.%Y", "%d-%b-%Y",
                        "%A, %B %d, %Y", "%Y.%m.%d"]))
def test_written_dates_parse_back_to_the_same_day(moment, layout):
    from crawlers.dates import parse_date_text

    found = parse_date_text(f"Published: {moment.strftime(layout)} in the newsroom")
    assert found is not None and found.day == moment.date()


@given(st.datetimes(min_value=datetime(1996, 1, 1), max_value=datetime(2026, 11, 1)),
       st.sampled_from(["ET", "CET", "GMT", "KST", "+05:30", "PT"]))
def test_times_with_a_zone_become_aware_datetimes(moment, zone):
    from crawlers.dates import parse_date_text

    found = parse_date_text(f"{moment:%B %d, %Y}, {moment:%H:%M} {zone}")
    assert found is not None and found.moment is not None and found.moment.tzinfo is not None
    assert (found.moment.hour, found.moment.minute, found.day) == (moment.hour, moment.minute, moment.date())


@given(st.text(alphabet=st.characters(blacklist_categories=("Nd",)), max_size=200))
def test_text_without_digits_has_no_date(text):
    from crawlers.dates import parse_date_text

    assert parse_date_text(text) is None


def test_empty_and_non_html_pages_are_not_articles():
    assert not extract_article("", "https://x.org/a-b-c", now=NOW).is_article
    assert not extract_article("   \n ", "https://x.org/a-b-c", now=NOW).is_article
    assert not extract_article("%PDF-1.4 \x00\x01 binary", "https://x.org/a-b-c", now=NOW).is_article


@pytest.mark.parametrize("path", ["/about-us/", "/careers/open-roles-in-quality-assurance/", "/tag/biologics/",
                                  "/news/page/3/", "/events/cphi-milan-2025-meet-the-team/"])
def test_site_pages_are_not_articles_even_with_prose(path):
    html = _page('<meta property="og:type" content="website">', "<p class='date'>March 4, 2025</p>")
    assert not extract_article(html, "https://x.org" + path, now=NOW).is_article
