"""Article extraction from one HTML page: our metadata and boilerplate rules around trafilatura's body text."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timezone

import trafilatura
from lxml import html as lxml_html
from trafilatura.utils import load_html

from crawlers.boilerplate import clean_body, cut_release_tail, prune_furniture
from crawlers.embedded_posts import unwrap_embedded_posts
from crawlers.inline_styles import drop_inline_border_styles
from crawlers.language import story_language
from crawlers.listing_shape import find_cards, listing_shape
from crawlers.loose_text import wrap_loose_text
from crawlers.page_kind import (
    PageFacts,
    has_article_metadata,
    has_non_article_metadata,
    has_page_metadata,
    has_story_in_json_ld,
    is_article_page,
    link_density,
)
from crawlers.page_metadata import (
    find_author,
    find_canonical,
    find_dek,
    find_lang,
    find_title,
    json_ld_objects,
    published_on_page,
)
from crawlers.split_body import join_split_body
from crawlers.teaser import drop_notices, is_teaser, paywall_evidence
from crawlers.urls import canonicalize_url
from crawlers.words import count_words

# trafilatura logs an ERROR for every page it cannot parse; the spider counts those as skips instead.
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)

# Pages beyond this many characters are cut before parsing: an article's body sits near the top, and
# lxml and trafilatura cost grows with the page.
MAX_HTML_CHARS = 3_000_000
# Below this many words, the fast extraction pass is not trusted and the slower ones are tried.
MIN_BODY_WORDS = 60
# Nor when it returns less than this share of the words in the page's paragraphs: it found a teaser box or a
# caption instead of the story.
MIN_SHARE_OF_PROSE = 0.2


@dataclass(frozen=True)
class ExtractedArticle:
    title: str
    published: str | None
    author: str | None
    text: str
    lang: str | None
    canonical_url: str
    is_article: bool
    # The page shows a paywalled teaser, not the whole story (crawlers/teaser.py).
    is_teaser: bool = False


def parse_html(html: str) -> lxml_html.HtmlElement | None:
    """Parse (and repair) a page; None when there is nothing to parse."""
    if not html or not html.strip():
        return None
    tree = load_html(html[:MAX_HTML_CHARS])
    return tree if tree is not None and len(tree) else None


def _body_text(tree: lxml_html.HtmlElement, url: str) -> str:
    """trafilatura's main-content text. Its own extractor alone first (about twice as fast); its fallback
    comparison with readability and jusText only when that finds too little or a teaser, as on unusual layouts."""
    prose = count_words(" ".join(p.text_content() for p in tree.iter("p")))
    text = ""
    for fast, precision in ((True, True), (False, True), (False, False)):
        doc = trafilatura.bare_extraction(
            tree, url=url, fast=fast, with_metadata=False, include_comments=False, include_tables=False,
            favor_precision=precision, deduplicate=False,
        )
        text = (getattr(doc, "text", None) or "") if doc is not None else ""
        words = count_words(text)
        if words >= MIN_BODY_WORDS and words >= MIN_SHARE_OF_PROSE * prose:
            break
    return text


def find_published(html: str, url: str, now: datetime | None = None) -> str | None:
    """Publication date of a page (ISO 8601), or None when the page does not state one."""
    tree = parse_html(html)
    if tree is None:
        return None
    return published_on_page(tree, json_ld_objects(tree), url, now or datetime.now(timezone.utc))


def extract_article(html: str, url: str, now: datetime | None = None) -> ExtractedArticle:
    """Extract what the crawl record needs from one page. Pure: no network."""
    now = now or datetime.now(timezone.utc)
    tree = parse_html(html)
    if tree is None:
        return ExtractedArticle("", None, None, "", None, canonicalize_url(url), False)
    objects = json_ld_objects(tree)
    title = find_title(tree, objects)
    published = published_on_page(tree, objects, url, now)
    author = find_author(tree, objects)
    lang = find_lang(tree)
    canonical_url = canonicalize_url(find_canonical(tree, url))
    dek = find_dek(tree)
    density = link_density(tree)
    article_metadata = has_article_metadata(tree, objects)
    non_article_metadata = has_non_article_metadata(tree, objects)
    cards = find_cards(tree, url)
    declared_paywall, paywall_furniture = paywall_evidence(tree, objects)
    unwrap_embedded_posts(tree)
    prune_furniture(tree)
    cut_release_tail(tree)
    wrap_loose_text(tree)
    join_split_body(tree)
    drop_inline_border_styles(tree)
    text = clean_body(_body_text(tree, url), title=title, dek=dek, byline=author or "")
    if paywall_furniture:
        text = drop_notices(text)
    teaser = is_teaser(declared_paywall, paywall_furniture, text)
    facts = PageFacts(
        text=text, has_title=bool(title), link_density=density, article_metadata=article_metadata,
        story_in_json_ld=has_story_in_json_ld(objects), non_article_metadata=non_article_metadata,
        page_metadata=has_page_metadata(tree, objects), has_article_element=bool(tree.xpath("//article")),
        listing_structure=listing_shape(cards, text).is_listing, is_teaser=teaser,
    )
    return ExtractedArticle(
        title=title,
        published=published,
        author=author,
        text=text,
        lang=story_language(text, lang),
        canonical_url=canonical_url,
        is_article=is_article_page(url, facts),
        is_teaser=teaser,
    )
