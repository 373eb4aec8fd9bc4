"""Issue 17, item 2: organisation, topic, tag, author and paginated listings are never articles, whatever their URL
shape and whatever metadata their theme stamps on them; stories with teaser grids beside them still are."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from crawlers.extraction import extract_article, parse_html
from crawlers.listing_shape import find_cards, listing_shape
from crawlers.page_kind import url_names_a_collection

NOW = datetime(2026, 11, 27, tzinfo=timezone.utc)
SITE = "https://trade.example"
SENTENCE = ("Example CDMO said it would add two bioreactor lines at its plant near Basel, raising capacity for "
            "clinical and commercial batches of monoclonal antibodies for its biotech customers this year.")


def _card(i: int, excerpt: bool = True) -> str:
    summary = (f"<div class='summary'><p>Other Company {i} reported its quarterly results on Tuesday and said the "
               "order book for sterile injectables grew again, led by customers in the United States and Europe, "
               "while margins held [&hellip;]</p></div>") if excerpt else ""
    return (f"<div class='card'><h3><a href='{SITE}/2025/03/example-cdmo-story-number-{i}/'>Example CDMO story number "
            f"{i} about a new plant</a></h3><span class='date'>March {i + 1}, 2025</span>{summary}</div>")


def _page(main: str, head: str = "<meta property='og:type' content='article'>") -> str:
    return (f"<html lang='en'><head><title>Trade News</title>{head}</head><body><header><a href='/'>Trade News</a>"
            f"<nav><a href='/news/'>News</a></nav></header><main>{main}</main><footer>All rights reserved</footer>"
            "</body></html>")


ARCHIVE = _page("<h1>Contract manufacturing</h1><p>Our coverage of contract manufacturers.</p>" +
                "".join(_card(i) for i in range(8)) + "<a href='?page=2'>Next</a>")
STORY = "".join(f"<p>{SENTENCE} Paragraph {i} adds its own detail about hiring and timing.</p>" for i in range(4))


def test_an_archive_of_excerpt_cards_is_a_listing_at_any_url():
    # A story-shaped URL and og:type article, as some themes put on archives: the structure decides.
    url = f"{SITE}/2025/03/contract-manufacturing-news-and-analysis/"
    got = extract_article(ARCHIVE, url, now=NOW)
    assert not got.is_article
    assert listing_shape(find_cards(parse_html(ARCHIVE), url), got.text).is_listing


def test_a_company_page_with_a_profile_and_its_stories_is_a_listing():
    profile = ("<p>Samsung Biologics is a contract development and manufacturing organisation in Incheon, South Korea. "
               "It makes antibodies and other biologics for drug developers around the world.</p>")
    html = _page(f"<h1>Samsung Biologics Co Ltd</h1>{profile}" + "".join(_card(i, excerpt=False) for i in range(6)))
    for url in (f"{SITE}/news/org/samsung-biologics-co-ltd/", f"{SITE}/2025/03/samsung-biologics-co-ltd-profile/"):
        assert not extract_article(html, url, now=NOW).is_article, url


@pytest.mark.parametrize("grid", [
    "<div class='more'>" + "".join(_card(i) for i in range(6)) + "</div>",  # six excerpt cards below the story
    "<ul>" + "".join(f"<li><a href='{SITE}/2025/03/other-story-{i}-on-the-site/'>Other story {i} on the site"
                     "</a></li>" for i in range(10)) + "</ul>",  # a most-read list
])
def test_a_story_with_teaser_cards_beside_it_is_still_an_article(grid):
    html = _page(f"<article><h1>Example CDMO adds two lines in Basel</h1>{STORY}</article>{grid}")
    assert extract_article(html, f"{SITE}/news/example-cdmo-adds-two-lines-in-basel", now=NOW).is_article


def test_a_list_story_whose_items_open_with_links_elsewhere_is_an_article():
    items = "".join(f"<h3><a href='https://shop.example/product-{i}'>Product number {i} for the lab</a></h3>"
                    f"<p>{SENTENCE}</p>" for i in range(6))
    html = _page(f"<article><h1>Six products for the sterile lab</h1><p>{SENTENCE}</p>{items}</article>")
    assert extract_article(html, f"{SITE}/2025/03/six-products-for-the-sterile-lab/", now=NOW).is_article


@pytest.mark.parametrize(("path", "collection"), [
    ("/news/org/samsung-biologics-co-ltd/", True),
    ("/category/contract-development-and-manufacturing/", True),
    ("/author/mary-ann-smith-jones/", True),
    ("/topics/manufacturing/lonza-opens-a-new-plant-in-visp", False),
    ("/topic/lonza-opens-a-new-plant-in-visp-this-year", False),
    ("/news/2025/03/samsung-biologics-signs-a-contract", False),
])
def test_urls_that_name_a_collection(path, collection):
    assert url_names_a_collection(SITE + path) is collection
