"""Which publication date a crawl record carries, and where it came from; never a date that was not found.

In order: the page's own date, the date its feed or news sitemap gave, the server's Last-Modified header, and for
a PDF release its file's CreationDate.
When none holds, `published` stays null and the source is `first-seen` (the record's fetched_at is then the
first time the crawler saw the story).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from typing import Literal

from crawlers.dates import plausible_iso

DateSource = Literal["page", "feed", "sitemap", "http-last-modified", "pdf-metadata", "first-seen"]
DATE_SOURCES: tuple[DateSource, ...] = ("page", "feed", "sitemap", "http-last-modified", "pdf-metadata", "first-seen")

# A Last-Modified this close to when the server answered means the page was rendered on request, which says
# nothing about when the story was written.
RENDERED_ON_REQUEST = timedelta(hours=1)


@dataclass(frozen=True)
class PublicationDate:
    published: str | None
    source: DateSource


def _http_date(value: bytes | str | None) -> datetime | None:
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    try:
        moment = parsedate_to_datetime(text.strip())
    except (TypeError, ValueError, IndexError):
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def http_last_modified(last_modified: bytes | str | None, served: bytes | str | None,
                       now: datetime) -> str | None:
    """The Last-Modified header as an ISO instant, unless it is the moment of serving (a dynamic page)."""
    modified = _http_date(last_modified)
    if modified is None:
        return None
    answered = _http_date(served) or now
    if answered - modified < RENDERED_ON_REQUEST:
        return None
    return plausible_iso(modified.astimezone(timezone.utc).isoformat(), now)


def choose_date(page: str | None, discovered: str | None, via: str, last_modified: bytes | str | None = None,
                served: bytes | str | None = None, now: datetime | None = None,
                pdf_created: str | None = None) -> PublicationDate:
    """The record's date: the page's, else its feed's or news sitemap's, else Last-Modified, else a PDF's
    CreationDate, else none."""
    if page:
        return PublicationDate(page, "page")
    if discovered and via in ("feed", "sitemap"):
        return PublicationDate(discovered, "feed" if via == "feed" else "sitemap")
    header = http_last_modified(last_modified, served, now or datetime.now(timezone.utc))
    if header:
        return PublicationDate(header, "http-last-modified")
    if pdf_created:
        return PublicationDate(pdf_created, "pdf-metadata")
    return PublicationDate(None, "first-seen")
