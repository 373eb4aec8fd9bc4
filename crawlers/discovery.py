"""Entry points a site announces itself: robots.txt `Sitemap:` lines, the home page's RSS/Atom links, and sitemap
bodies however they arrive (plain, gzipped files, gzip-encoded responses). Pure functions over downloaded bytes."""

from __future__ import annotations

import struct
import zlib
from urllib.parse import urljoin

from lxml import etree
from lxml import html as lxml_html
from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import sitemap_urls_from_robots

FEED_TYPES = {"application/rss+xml", "application/atom+xml", "application/feed+json"}


class SitemapBodyError(ValueError):
    """A sitemap body that cannot be read; the message says why."""


def sitemaps_in_robots(body: bytes, robots_url: str) -> list[str]:
    """Absolute URLs of the `Sitemap:` lines of a robots.txt, in order, once each."""
    return list(dict.fromkeys(sitemap_urls_from_robots(body, base_url=robots_url)))


def feeds_on_page(html: str, page_url: str) -> list[str]:
    """The page's `<link rel="alternate">` RSS and Atom feeds, absolute, comment feeds left out."""
    try:
        tree = lxml_html.fromstring(html)
    except (ValueError, etree.ParserError):
        return []
    feeds = []
    for link in tree.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").lower().split(";")[0].strip()
        href = (link.get("href") or "").strip()
        if "alternate" in rel and kind in FEED_TYPES and href and "comment" not in href.lower():
            feeds.append(urljoin(page_url, href))
    return list(dict.fromkeys(feeds))


def sitemap_body(body: bytes, max_size: int) -> bytes:
    """The XML of a sitemap: a gzipped file (`.xml.gz`, or gzip bytes under any name) is unpacked, up to
    `max_size` bytes unpacked (a small file can unpack to gigabytes). A gzip-encoded response arrives already
    decoded by Scrapy's HttpCompressionMiddleware."""
    if body[:3] != b"\x1f\x8b\x08":
        return body
    try:
        return gunzip(body, max_size=max_size)
    except ValueError:  # Scrapy's size check (its exception class is private)
        raise SitemapBodyError(f"unpacks to more than {max_size} bytes") from None
    except (OSError, EOFError, struct.error, zlib.error) as exc:
        raise SitemapBodyError(f"broken gzip data ({exc})") from None
