"""Metadata of one parsed page: title, dek, author, language, canonical URL and publication date.

Structured data is trusted first (JSON-LD, meta tags), then the visible page, then the URL; a date is taken
only from the article itself, never from the site's header, a teaser list or the crawl clock.
"""

from __future__ import annotations

import html
import json
import re
from copy import deepcopy
from datetime import datetime
from typing import Any, Iterator
from urllib.parse import urljoin, urlsplit

from lxml import html as lxml_html

from crawlers.dates import FoundDate, date_from_url, is_plausible, parse_date_text, parse_iso
from crawlers.words import count_words

ARTICLE_TYPES = {"article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "blogposting",
                 "pressrelease", "techarticle", "scholarlyarticle", "report", "opinionnewsarticle",
                 "backgroundnewsarticle", "reviewnewsarticle", "askpublicnewsarticle", "satiricalarticle",
                 "liveblogposting", "socialmediaposting", "medicalscholarlyarticle", "advertisercontentarticle",
                 "claimreview", "review"}
PAGE_TYPES = {"webpage", "itempage"}
NON_ARTICLE_TYPES = {"aboutpage", "contactpage", "collectionpage", "searchresultspage", "profilepage",
                     "faqpage", "jobposting", "event", "product", "organization", "person", "website"}
PUBLISHED_META = (
    "article:published_time", "og:published_time", "og:article:published_time", "published_time",
    "datepublished", "parsely-pub-date", "sailthru.date", "publish-date", "publish_date", "publishdate",
    "pubdate", "publication_date", "date.created", "dc.date.issued", "dcterms.issued", "dc.date", "dcterms.date",
    "citation_publication_date", "date",
)
AUTHOR_META = ("author", "article:author", "parsely-author", "sailthru.author", "dc.creator", "byl")
# Places where dates belong to something other than the article.
FOREIGN_REGIONS = (
    # A <header> inside the story (<article><header><time>) is the story's own, with or without the <h1>.
    "ancestor-or-self::header[not(.//h1)][not(ancestor::article or ancestor::main)]", "ancestor-or-self::nav",
    "ancestor-or-self::footer", "ancestor-or-self::aside",
    "ancestor-or-self::*[@role='navigation' or @role='banner' or @role='complementary']",
)
FOREIGN_CLASS = re.compile(r"\b(related|recommended|teaser|sidebar|comments?|more-stories|latest|popular|trending)")
DATE_HINT = re.compile(r"date|time|posted|publish|byline|meta|dateline|stamp|info", re.I)
WIRE_DATELINE = re.compile(r"^[A-Z][^\W\d][\w.'’ -]{0,40}(,\s*[^\W\d][^\d,]{0,30}){0,2},\s+(?P<date>.{6,40}?)\s*(/|--|—|–|-)")
CORPORATE = re.compile(r"\b(inc|ltd|llc|plc|ag|gmbh|corp|corporation|company|s\.a|n\.v|co|group|staff|newsroom|"
                       r"editors?|team)\b\.?$|^(the )?(staff|editors?|newsroom)\b", re.I)
DEK_CLASS = re.compile(r"dek|standfirst|sub-?title|subhead|summary|excerpt|teaser|description", re.I)
SITE_SUFFIX = re.compile(r"\s+(\||-|–|—|::|·|»)\s+[^|\-–—:·»]{2,60}$")


def json_ld_objects(tree: lxml_html.HtmlElement) -> list[dict]:
    objects: list[dict] = []
    for raw in tree.xpath('//script[@type="application/ld+json"]/text()'):
        try:
            data = json.loads(raw)
        except ValueError:
            continue
        stack: list[Any] = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, dict):
                objects.append(item)
                for key in ("@graph", "mainEntity", "mainEntityOfPage"):
                    if isinstance(item.get(key), (list, dict)):
                        stack.append(item[key])
            elif isinstance(item, list):
                stack.extend(item)
    return objects


def ld_types(obj: dict) -> set[str]:
    kind = obj.get("@type", [])
    kinds = kind if isinstance(kind, list) else [kind]
    return {str(k).lower() for k in kinds}


def meta(tree: lxml_html.HtmlElement, *names: str) -> Iterator[str]:
    """Contents of meta tags whose name, property or itemprop is one of `names` (case-insensitive), in order."""
    by_name: dict[str, list[str]] = {}
    for element in tree.xpath("//meta[@content]"):
        for attr in ("property", "name", "itemprop"):
            key = (element.get(attr) or "").strip().lower()
            if key:
                by_name.setdefault(key, []).append(element.get("content", "").strip())
    for name in names:
        for value in by_name.get(name, []):
            if value:
                yield value


def _text(element: lxml_html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def _is_foreign(element: lxml_html.HtmlElement) -> bool:
    if any(element.xpath(query) for query in FOREIGN_REGIONS):
        return True
    for ancestor in element.iterancestors():
        if FOREIGN_CLASS.search((ancestor.get("class", "") + " " + ancestor.get("id", "")).lower()):
            return True
    return False


def main_heading(tree: lxml_html.HtmlElement, site_name: str = "") -> lxml_html.HtmlElement | None:
    """The article's own <h1>: not a logo or site title, not in the header chrome."""
    for h1 in tree.xpath("//h1"):
        tokens = (h1.get("class", "") + " " + h1.get("id", "")).lower()
        text = _text(h1)
        if not text or re.search(r"logo|site-title|site-name|brand|masthead", tokens):
            continue
        if site_name and text.lower() == site_name.lower():
            continue
        if h1.xpath("ancestor::nav|ancestor::footer|ancestor::aside"):
            continue
        return h1
    return None


# Invisible characters that editors and CMSes leave in headlines (soft hyphens, zero-width spaces, BOM).
INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
# Block children of a heading and classed kicker spans: their text is a separate phrase, not glued on.
HEADING_BREAKS = {"br", "div", "p", "span", "small", "em", "strong", "b", "i"}
KICKER = re.compile(r"kicker|eyebrow|overline|label|flag|rubric|category|section|topic|tag|prefix|super", re.I)


def _heading_text(heading: lxml_html.HtmlElement) -> str:
    """The heading's text with a space around block children and kicker spans ("Exclusive" + "Lonza buys")."""
    def walk(element: lxml_html.HtmlElement) -> str:
        text = element.text or ""
        for child in element:
            if isinstance(child.tag, str):
                separate = child.tag in ("br", "div", "p") or child.tag in HEADING_BREAKS and \
                    bool(KICKER.search(child.get("class", "") + " " + child.get("id", "")))
                text += f" {walk(child)} " if separate else walk(child)
            text += child.tail or ""
        return text

    return " ".join(walk(heading).split())


def clean_title(title: str) -> str:
    """A headline as readers see it: entities still escaped in metadata decoded, invisible characters out."""
    return " ".join(INVISIBLE.sub("", html.unescape(title)).split())


def find_title(tree: lxml_html.HtmlElement, objects: list[dict]) -> str:
    return clean_title(_find_title(tree, objects))


def _find_title(tree: lxml_html.HtmlElement, objects: list[dict]) -> str:
    site_name = next(meta(tree, "og:site_name"), "")
    h1 = main_heading(tree, site_name)
    structured = [
        *(str(o.get("headline")) for o in objects if ld_types(o) & ARTICLE_TYPES and o.get("headline")),
        *meta(tree, "og:title", "twitter:title"),
    ]
    titles = tree.xpath("//title/text()")
    page_title = " ".join(titles[0].split()) if titles else ""
    if h1 is not None:
        heading = _heading_text(h1)
        for candidate in structured:
            # A kicker above the headline inside the <h1>: the headline is the part the metadata names.
            candidate = clean_title(candidate)
            if candidate and heading != candidate and heading.endswith(" " + candidate):
                return candidate
        if count_words(heading) >= 3 or not structured:
            return heading
    for candidate in structured:
        candidate = " ".join(candidate.split())
        if candidate:
            return _strip_site_suffix(candidate, site_name)
    # A headline in an h2/h3 that the <title> repeats ("Site - Headline") is the title without the site part.
    for element in tree.xpath("//h2 | //h3"):
        text = _text(element)
        if len(text.split()) >= 4 and text in page_title and not _is_foreign(element):
            return text
    stripped = _strip_site_suffix(page_title, site_name)
    if len(stripped.split()) >= 4:
        return stripped
    # Board-style CMSes (common in Korea and China) put the section name in <title> and the headline in a
    # styled h2/h3 such as <h3 class="subject">.
    lower = "translate(@class,'ABCDEFGHIJKLMNOPQRSTUVWXYZ','abcdefghijklmnopqrstuvwxyz')"
    for element in tree.xpath(f"//h2 | //h3 | //*[contains({lower},'subject') or contains({lower},'headline')"
                              f" or contains({lower},'title') or contains({lower},'tit')]"):
        text = _text(element)
        if 4 <= len(text.split()) <= 30 and not _is_foreign(element) and not element.xpath(".//a"):
            return text
    return stripped


def _strip_site_suffix(title: str, site_name: str) -> str:
    if site_name and title.lower().endswith(site_name.lower()) and len(title) > len(site_name) + 3:
        return re.sub(r"[\s|\-–—:·»]+$", "", title[: -len(site_name)]).strip()
    return SITE_SUFFIX.sub("", title).strip() if len(title.split()) > 4 else title


def find_dek(tree: lxml_html.HtmlElement) -> str:
    """The meta description when the page shows it as a dek (a subheading, or a box classed as one), else "".

    Many sites describe a page with its lede: the same text in a plain paragraph is the story's first
    paragraph, not a repeat to drop.
    """
    from crawlers.boilerplate import normalise

    dek = next(meta(tree, "description", "og:description", "twitter:description"), "")
    key = normalise(dek)
    if not key:
        return ""
    for element in tree.xpath("//h2 | //h3 | //h4 | //h5 | //h6 | //body//*[@class or @id]"):
        if element.tag not in ("h2", "h3", "h4", "h5", "h6") and \
                not DEK_CLASS.search(element.get("class", "") + " " + element.get("id", "")):
            continue
        text = element.text_content()
        if abs(len(text.strip()) - len(dek)) <= 20 and normalise(text) == key:
            return dek
    return ""


def find_author(tree: lxml_html.HtmlElement, objects: list[dict]) -> str | None:
    site_name = next(meta(tree, "og:site_name"), "").lower()
    names: list[str] = []
    for obj in objects:
        if not ld_types(obj) & ARTICLE_TYPES:
            continue
        authors = obj.get("author")
        for author in authors if isinstance(authors, list) else [authors]:
            if isinstance(author, dict) and "person" in ld_types(author) and author.get("name"):
                names.append(str(author["name"]))
            elif isinstance(author, str):
                names.append(author)
    if not names:
        names = [m for m in meta(tree, *AUTHOR_META) if not m.startswith("http")][:1]
    if not names:
        for element in tree.xpath("//*[@rel='author' or @itemprop='author' or contains(@class,'author')"
                                  " or contains(@class,'byline')]"):
            if _is_foreign(element):
                continue
            text = re.sub(r"^(by|written by|posted by|author:?)\s+", "", _text(element), flags=re.I)
            text = re.split(r"\s*[|,·•]\s*|\s+on\s+", text)[0]
            if 1 < len(text.split()) <= 5 and not re.search(r"\d", text):
                names.append(text)
                break
    cleaned = []
    for name in names:
        name = " ".join(name.split())
        # Press releases name the issuing company as creator; an author is a person.
        if CORPORATE.search(name) or name.lower() == site_name or name in cleaned or not name or len(name) > 80:
            continue
        cleaned.append(name)
    return ", ".join(cleaned) or None


def find_lang(tree: lxml_html.HtmlElement) -> str | None:
    for value in (tree.get("lang"), tree.get("{http://www.w3.org/XML/1998/namespace}lang"),
                  next(meta(tree, "content-language", "og:locale", "language", "dc.language"), None)):
        if value and re.match(r"^[a-zA-Z]{2,3}([-_].*)?$", value.strip()):
            return re.split(r"[-_]", value.strip())[0].lower()
    return None


def find_canonical(tree: lxml_html.HtmlElement, url: str) -> str:
    for value in [*tree.xpath('//link[@rel="canonical"]/@href'), *meta(tree, "og:url")]:
        value = value.strip()
        if not value or value.startswith("#"):
            continue
        joined = urljoin(url, value)
        # Only a web address can be canonical, whatever its letter case ("JavaScript:", "DATA:" are not).
        if urlsplit(joined).scheme.lower() in ("http", "https") and urlsplit(joined).netloc:
            return joined
    return url


def _plausible(found: FoundDate | None, now: datetime) -> FoundDate | None:
    return found if is_plausible(found, now) else None


def published_on_page(tree: lxml_html.HtmlElement, objects: list[dict], url: str, now: datetime) -> str | None:
    """ISO date of publication: JSON-LD, meta tags, <time>, a visible date line, then the URL; else None."""
    for types in (ARTICLE_TYPES, PAGE_TYPES):
        for obj in objects:
            if ld_types(obj) & types:
                found = _plausible(parse_iso(obj.get("datePublished") or obj.get("dateCreated")), now)
                if found:
                    return found.iso()
    day_only: FoundDate | None = None
    for value in meta(tree, *PUBLISHED_META):
        found = _plausible(parse_iso(value), now)
        if found and found.moment:
            return found.iso()
        day_only = day_only or found
    for element in tree.xpath("//*[@itemprop='datePublished'] | //time"):
        if _is_foreign(element):
            continue
        value = element.get("datetime") or element.get("content") or _text(element)
        found = _plausible(parse_iso(value), now)
        # A meta tag with the day only gives way to a <time> with the clock time of that same day.
        if found and (day_only is None or (found.moment and found.day == day_only.day)):
            return found.iso()
        if found:
            break
    if day_only:
        return day_only.iso()
    found = _plausible(_visible_date(tree), now)
    if found:
        return found.iso()
    found = _plausible(date_from_url(url), now) or _plausible(_htmldate(tree, now), now)
    return found.iso() if found else None


def _day_first(tree: lxml_html.HtmlElement) -> bool | None:
    """05/06/2024 is 6 May in most of the world and 5 June in the US: settled only when the page says where."""
    declared = (tree.get("lang") or "").lower().replace("_", "-")
    return False if declared == "en-us" else True if declared and not declared.startswith("en") \
        or declared in ("en-gb", "en-ie", "en-in", "en-au") else None


def _htmldate(tree: lxml_html.HtmlElement, now: datetime) -> FoundDate | None:
    """htmldate's reading of the markup, for the forms the rules above do not name (microformats, abbr, CMS
    classes, comments). Its free-text search is left out and so are the page's header, side boxes and teasers:
    their dates are not the article's."""
    from htmldate import find_date

    story = deepcopy(tree)
    foreign = story.xpath(" | ".join(q.replace("ancestor-or-self::", "//") for q in FOREIGN_REGIONS))
    foreign += [e for e in story.xpath("//*[@class or @id]")
                if FOREIGN_CLASS.search((e.get("class", "") + " " + e.get("id", "")).lower())]
    for element in foreign:
        if element.getparent() is not None:
            element.drop_tree()
    try:
        value = find_date(story, extensive_search=False, original_date=True, max_date=now.date().isoformat())
    except (ValueError, TypeError):
        return None
    found = parse_iso(value)
    if found and found.day.day <= 12 and found.day.day != found.day.month and _day_first(tree) is None:
        # htmldate guesses the order of 05/03/2025; without a locale that settles it, we do not.
        day, month, year, page = found.day.day, found.day.month, found.day.year, story.text_content()
        if any(re.search(rf"(?<!\d)0?{a}[/.-]0?{b}[/.-]{year}", page) for a, b in ((day, month), (month, day))):
            return None
    return found


def _visible_date(tree: lxml_html.HtmlElement) -> FoundDate | None:
    """A date line near the headline ("Posted 3 May 2024", "May 01, 2024 08:00 ET") or a wire dateline."""
    h1 = main_heading(tree)
    day_first = _day_first(tree)
    scope = tree
    if h1 is not None:
        # The headline's block and what follows it: metadata lines sit just above or below the <h1>.
        container = h1.getparent()
        for _ in range(3):
            if container is None or container.getparent() is None or len(_text(container).split()) > 60:
                break
            container = container.getparent()
        scope = container if container is not None else tree
    candidates = 0
    for element in scope.iter():
        if not isinstance(element.tag, str) or element.tag in ("script", "style", "a", "title", "head"):
            continue
        own = " ".join((element.text or "").split())
        if not own:
            continue
        candidates += 1
        if candidates > 60:
            break
        if _is_foreign(element):
            continue
        tokens = element.get("class", "") + " " + element.get("id", "")
        full = _text(element)
        if len(full) <= 80 and (DATE_HINT.search(tokens) or len(full) <= 40):
            found = parse_date_text(full, day_first)
            if found:
                return found
        if element.tag == "p":
            match = WIRE_DATELINE.match(full)
            if match:
                found = parse_date_text(match.group("date"), day_first)
                if found:
                    return found
    return None
