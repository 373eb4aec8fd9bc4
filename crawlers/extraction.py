"""Article extraction from one HTML page: trafilatura for the body and metadata, htmldate for dates."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from urllib.parse import urljoin

import htmldate
import trafilatura
from parsel import Selector

from crawlers.urls import canonicalize_url

ARTICLE_TYPES = {"article", "newsarticle", "reportagenewsarticle", "blogposting", "pressrelease"}
PUBLISHED_META = (
    'meta[property="article:published_time"]::attr(content)',
    'meta[name="article:published_time"]::attr(content)',
    'meta[property="og:published_time"]::attr(content)',
    'meta[name="pubdate"]::attr(content)',
    'meta[name="publish-date"]::attr(content)',
    'meta[name="date"]::attr(content)',
    'meta[name="dc.date"]::attr(content)',
    'meta[name="DC.date.issued"]::attr(content)',
    "article time[datetime]::attr(datetime)",
)


@dataclass(frozen=True)
class ExtractedArticle:
    title: str
    published: str | None
    author: str | None
    text: str
    lang: str | None
    canonical_url: str
    is_article: bool


def _json_ld_objects(selector: Selector) -> list[dict]:
    objects: list[dict] = []
    for raw in selector.css('script[type="application/ld+json"]::text').getall():
        try:
            data = json.loads(raw)
        except ValueError:
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            item = stack.pop()
            if isinstance(item, dict):
                objects.append(item)
                graph = item.get("@graph")
                if isinstance(graph, list):
                    stack.extend(graph)
            elif isinstance(item, list):
                stack.extend(item)
    return objects


def _types(obj: dict) -> set[str]:
    kind = obj.get("@type", [])
    kinds = kind if isinstance(kind, list) else [kind]
    return {str(k).lower() for k in kinds}


def _parse_datetime(value: str | None, now: datetime) -> str | None:
    """ISO 8601 string (datetime with offset, or plain date) if the value is a real past date, else None."""
    if not value:
        return None
    value = value.strip()
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        if len(value) <= 10:
            if parsed.date() > now.date():
                return None
            return parsed.date().isoformat()
        parsed = parsed.replace(tzinfo=timezone.utc)
    if parsed > now + timedelta(hours=1):
        return None
    return parsed.isoformat()


def find_published(html: str, url: str, now: datetime | None = None) -> str | None:
    """Publication date from structured metadata first (keeps time and offset), then htmldate; never guessed."""
    now = now or datetime.now(timezone.utc)
    selector = Selector(text=html)
    for obj in _json_ld_objects(selector):
        if _types(obj) & ARTICLE_TYPES:
            found = _parse_datetime(obj.get("datePublished") or obj.get("dateCreated"), now)
            if found:
                return found
    for query in PUBLISHED_META:
        found = _parse_datetime(selector.css(query).get(), now)
        if found:
            return found
    found = htmldate.find_date(
        html, url=url, extensive_search=False, original_date=True, max_date=now.strftime("%Y-%m-%d")
    )
    return _parse_datetime(found, now)


def _looks_like_article(selector: Selector, text: str) -> bool:
    og_type = (selector.css('meta[property="og:type"]::attr(content)').get() or "").strip().lower()
    if og_type == "article":
        return True
    if any(_types(obj) & ARTICLE_TYPES for obj in _json_ld_objects(selector)):
        return True
    # Pages without article metadata count when they hold real prose inside an <article> element.
    return bool(selector.css("article")) and len(text.split()) >= 80


def extract_article(html: str, url: str, now: datetime | None = None) -> ExtractedArticle:
    """Extract what the crawl record needs from one page. Pure: no network."""
    selector = Selector(text=html)
    doc = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    title = (getattr(doc, "title", None) or "") if doc is not None else ""
    if not title:
        title = selector.css("title::text").get() or ""
    author = getattr(doc, "author", None) if doc is not None else None
    lang = selector.xpath("/html/@lang").get() or (getattr(doc, "language", None) if doc is not None else None)
    canonical = selector.css('link[rel="canonical"]::attr(href)').get() or selector.css(
        'meta[property="og:url"]::attr(content)'
    ).get()
    canonical_url = canonicalize_url(urljoin(url, canonical.strip()) if canonical else url)
    return ExtractedArticle(
        title=" ".join(title.split()),
        published=find_published(html, url, now),
        author=author or None,
        text=text,
        lang=(lang or "").split("-")[0].lower() or None,
        canonical_url=canonical_url,
        is_article=_looks_like_article(selector, text),
    )
