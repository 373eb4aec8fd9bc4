"""Is this page an article? About, careers, contact, tag and listing pages are not."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from lxml import html as lxml_html

from crawlers.page_metadata import ARTICLE_TYPES, NON_ARTICLE_TYPES, PAGE_TYPES, ld_types, meta
from crawlers.words import count_words

# Path segments of pages that are never articles, wherever they sit in the path.
LISTING_SEGMENTS = {"tag", "tags", "category", "categories", "author", "authors", "topic", "topics", "search",
                    "archive", "archives", "page", "feed", "rss"}
# Last path segments of site pages that are not news.
SITE_PAGES = {
    "about", "about-us", "aboutus", "who-we-are", "careers", "jobs", "contact", "contact-us", "privacy",
    "privacy-policy", "privacy-notice", "terms", "terms-of-use", "terms-and-conditions", "imprint", "impressum",
    "legal", "legal-notice", "cookie-policy", "cookies", "accessibility", "sitemap", "login", "register",
    "subscribe", "newsletter", "newsletters", "advertise", "events", "webinars", "services", "capabilities",
    "locations", "leadership", "management", "investors", "media", "newsroom", "news", "press-releases",
    "press", "home", "index", "en", "de", "fr",
}
# Site sections that hold no news, unless the path is also under a news section (/about-us/newsroom/...).
SECTION_PAGES = {"careers", "jobs", "about", "about-us", "contact", "contact-us", "legal", "privacy", "events",
                 "webinars", "products", "services", "capabilities", "solutions", "team", "leadership", "people",
                 "locations", "investors-overview", "membership", "register", "account"}
# Taxonomy segments whose children are names (of a company, topic, person), each with a page of its own stories.
COLLECTION_SEGMENTS = {"tag", "tags", "category", "categories", "topic", "topics", "author", "authors", "org", "orgs",
                       "organisation", "organisations", "organization", "organizations", "profile", "profiles",
                       "keyword", "keywords", "company-profile", "company-profiles"}
NEWS_SEGMENTS = {"news", "newsroom", "press", "press-releases", "pressreleases", "media", "releases", "articles",
                 "article", "blog", "stories", "insights", "news-releases", "media-releases", "company-news"}
MIN_WORDS = 60
# A paywalled teaser with article metadata is a story cut short, kept from this many words.
MIN_TEASER_WORDS = 25
# A story without article metadata has at least this many paragraphs of this many words.
MIN_STORY_PARAGRAPHS = 3
PROSE_PARAGRAPH_WORDS = 15
# ... and one at a URL of no story's shape (/dieta-atkinsa.html) this many words.
LONG_READ_WORDS = 300


def url_is_listing_or_site_page(url: str) -> bool:
    """True for URLs that name a site page or listing rather than one story."""
    parts = [p for p in urlsplit(url).path.lower().split("/") if p]
    if not parts:
        return True
    last = re.sub(r"\.(html?|php|aspx?)$", "", parts[-1])
    if last in ("index", "default") and len(parts) > 1:
        # /2019/11/18/politics/trump-health/index.html: the story is the folder, not the file name.
        parts, last = parts[:-1], parts[-2]
    if last in SITE_PAGES or last.isdigit() and len(parts) >= 2 and parts[-2] == "page":
        return True
    if set(parts) & SECTION_PAGES and not set(parts) & NEWS_SEGMENTS:
        return True
    # /tag/manufacturing/ is a listing; /topics/manufacturing/lonza-opens-a-new-plant-in-visp is a story.
    return bool(set(parts[:-1]) & LISTING_SEGMENTS) and last.count("-") < 3 and not re.search(r"\d{4}", url)


SKIPPED = {"script", "style", "noscript", "template", "a"}


def _innermost_majority(tree: lxml_html.HtmlElement, sizes: list[tuple[lxml_html.HtmlElement, int]]) \
        -> lxml_html.HtmlElement:
    """The innermost element holding more than half of the text measured by `sizes` (<body> when none does)."""
    held: dict[lxml_html.HtmlElement, int] = {}
    total = 0
    for owner, size in sizes:
        total += size
        held[owner] = held.get(owner, 0) + size
        for ancestor in owner.iterancestors():
            held[ancestor] = held.get(ancestor, 0) + size
    block = (tree.xpath("//body") or [tree])[0]
    while total:
        inner = next((c for c in block if held.get(c, 0) > total / 2), None)
        if inner is None:
            break
        block = inner
    return block


def _unlinked_text(tree: lxml_html.HtmlElement) -> list[tuple[lxml_html.HtmlElement, int]]:
    linked = {e for a in tree.iter("a") for e in a.iter()}
    sizes = []
    for element in tree.iter():
        # An element's text is its own; its tail is its parent's.
        for owner, text in ((element, element.text), (element.getparent(), element.tail)):
            size = len((text or "").strip())
            if size and owner is not None and isinstance(owner.tag, str) and owner.tag not in SKIPPED \
                    and owner not in linked:
                sizes.append((owner, size))
    return sizes


def main_blocks(tree: lxml_html.HtmlElement) -> list[lxml_html.HtmlElement]:
    """Where the story sits, seen two ways: the innermost element holding most of the paragraph text, and the
    one holding most of the text outside links.

    Not the first <article>: pages put teaser cards in <article> elements around the story, and themes wrap
    the story in plain <div>s next to large menus. Two views because each fails on its own: a story written
    without <p> loses to a sidebar of teasers, and a short story loses to a long footer of plain text.
    On a listing, both are the container of all the cards.
    """
    by_paragraphs = _innermost_majority(tree, [(p, len(p.text_content())) for p in tree.iter("p")])
    by_text = _innermost_majority(tree, _unlinked_text(tree))
    return [by_paragraphs] if by_text is by_paragraphs else [by_paragraphs, by_text]


def _density(region: lxml_html.HtmlElement) -> float:
    total = len(" ".join(region.text_content().split()))
    if not total:
        return 1.0
    linked = sum(len(" ".join(a.text_content().split())) for a in region.xpath(".//a"))
    return linked / total


def link_density(tree: lxml_html.HtmlElement) -> float:
    """Share of the main block's text that sits inside links: high on listings, low on articles."""
    return min(_density(block) for block in main_blocks(tree))


def has_article_metadata(tree: lxml_html.HtmlElement, objects: list[dict]) -> bool:
    types = set().union(*(ld_types(o) for o in objects)) if objects else set()
    og_type = next(meta(tree, "og:type"), "").lower()
    return og_type == "article" or bool(types & ARTICLE_TYPES) or next(meta(tree, "article:published_time"), None) \
        is not None


def has_non_article_metadata(tree: lxml_html.HtmlElement, objects: list[dict]) -> bool:
    """A page that declares itself something else (about page, collection, profile, job) and not an article."""
    types = set().union(*(ld_types(o) for o in objects)) if objects else set()
    if types & ARTICLE_TYPES:
        return False
    og_type = next(meta(tree, "og:type"), "").lower()
    return bool(types & (NON_ARTICLE_TYPES - {"organization", "person", "website"})) or og_type in ("profile", "product")


def url_is_story_shaped(url: str) -> bool:
    """A URL shaped like one story: a slug of several words, an id under a section (/view/123456,
    /news/2024/05/x), or an id parameter (/media/company-news/view?seq=512)."""
    parts = [p for p in urlsplit(url).path.lower().split("/") if p]
    last = re.sub(r"\.(html?|php|aspx?)$", "", parts[-1]) if parts else ""
    if last in ("index", "default") and len(parts) > 1:
        last = parts[-2]
    if re.search(r"(^|&)(id|seq|no|idx|newsid|news_id|articleid|article_id|itemid|nid|p)=\d+", urlsplit(url).query, re.I):
        return len(parts) >= 1
    return last.count("-") >= 2 or last.count("_") >= 2 or (len(parts) >= 2 and any(c.isdigit() for c in last))


def prose_paragraphs(text: str) -> int:
    """Paragraphs of running prose in an extracted body: lines of a sentence's length or more."""
    return sum(1 for line in text.splitlines() if count_words(line) >= PROSE_PARAGRAPH_WORDS)


def has_page_metadata(tree: lxml_html.HtmlElement, objects: list[dict]) -> bool:
    """A page that declares itself a plain web page (og:type website, a WebPage object) and no article."""
    types = set().union(*(ld_types(o) for o in objects)) if objects else set()
    if types & ARTICLE_TYPES:
        return False
    return bool(types & PAGE_TYPES) or next(meta(tree, "og:type"), "").lower() == "website"


@dataclass(frozen=True)
class PageFacts:
    """What the article test reads from one page (crawlers/extraction.py gathers them)."""

    text: str  # the extracted body
    has_title: bool
    link_density: float
    article_metadata: bool  # og:type article, an Article type in JSON-LD, article:published_time
    story_in_json_ld: bool  # an Article type in JSON-LD (themes stamp og:type article on archives too)
    non_article_metadata: bool
    page_metadata: bool
    has_article_element: bool
    listing_structure: bool  # crawlers/listing_shape.py
    is_teaser: bool = False  # a paywalled teaser (crawlers/teaser.py)


def has_story_in_json_ld(objects: list[dict]) -> bool:
    return bool(set().union(*(ld_types(o) for o in objects)) & ARTICLE_TYPES) if objects else False


def url_names_a_collection(url: str) -> bool:
    """/news/org/samsung-biologics-co-ltd/, /category/contract-development-and-manufacturing/, /author/jane-doe/:
    the last segment names a company, topic or person under a taxonomy segment. Names are short; a story's slug
    under such a segment (/topics/lonza-opens-a-new-plant-in-visp) is longer."""
    parts = [p for p in urlsplit(url).path.lower().split("/") if p]
    return len(parts) >= 2 and parts[-2] in COLLECTION_SEGMENTS and parts[-1].count("-") <= 4


def is_article_page(url: str, page: PageFacts) -> bool:
    """Decide from page metadata, URL shape, page structure, amount and shape of the prose and link density;
    never from whether the page shows a date (a story without one is still a story)."""
    words = count_words(page.text)
    min_words = MIN_TEASER_WORDS if page.is_teaser and page.article_metadata else MIN_WORDS
    if words < min_words or not page.has_title or page.non_article_metadata:
        return False
    if url_is_listing_or_site_page(url) or page.link_density > 0.45 or page.listing_structure:
        return False
    if url_names_a_collection(url) and not page.story_in_json_ld:
        return False
    if page.article_metadata:
        return True
    # No article metadata: running prose in a story's shape. Static pages (what we cover, a media kit, a
    # reading list) hold a paragraph or two; a story in an <article> element at least two, elsewhere three.
    paragraphs = prose_paragraphs(page.text)
    if page.has_article_element and not page.page_metadata:
        return paragraphs >= 2
    if page.has_article_element or url_is_story_shaped(url):
        return paragraphs >= MIN_STORY_PARAGRAPHS
    return paragraphs >= MIN_STORY_PARAGRAPHS and words >= LONG_READ_WORDS
