"""Press releases published as PDF files: title, text and dates read with pypdf.

A newsroom that links a release as a PDF from its listing or feed publishes the story only there. The text comes
in hard-wrapped lines; they are joined back into paragraphs and the release tail is cut as on HTML pages. A long
document (an annual report, a brochure) is not a release.
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass
from datetime import datetime, timezone

from crawlers.boilerplate import clean_body
from crawlers.dates import is_plausible, parse_date_text
from crawlers.language import story_language
from crawlers.page_kind import MIN_WORDS
from crawlers.words import count_words

# pypdf warns on every slightly malformed file; a file it cannot read at all is reported by the spider.
logging.getLogger("pypdf").setLevel(logging.ERROR)

# A release is a few pages; more is a report or a brochure.
MAX_PAGES = 12
# The dateline sits in the first lines: "BASEL, Switzerland, 21 November 2024 —".
DATELINE_CHARS = 600
# Metadata titles that name the file or the tool rather than the story.
TOOL_TITLE = re.compile(r"^(microsoft (word|powerpoint)|untitled|document\d*|press release|pressemitteilung|"
                        r"communiqu[ée] de presse|comunicado de prensa|comunicato stampa)\b|\.(docx?|pdf|indd)$", re.I)
SENTENCE_END = re.compile(r"[.!?:;\"”’)]$")


@dataclass(frozen=True)
class PdfRelease:
    title: str
    text: str
    published: str | None  # a date the release states in its text
    created: str | None  # the file's CreationDate: a last resort
    lang: str | None
    is_release: bool


def is_pdf(body: bytes, content_type: str) -> bool:
    return "pdf" in content_type.lower() or body[:1024].lstrip().startswith(b"%PDF-")


def paragraphs(raw: str) -> list[str]:
    """Hard-wrapped lines joined back into paragraphs. A paragraph ends at a blank line, at a line that ends a
    sentence before a capital, or at a line shorter than the text's width that ends a sentence or precedes a
    capital (a heading). A hyphen at a line's end is kept:
    in releases it mostly joins a compound ("fill-finish"), not a word split by the typesetter."""
    lines = [" ".join(line.split()) for line in raw.splitlines()]
    width = max((len(line) for line in lines), default=0)
    out: list[str] = []
    current = ""
    for index, line in enumerate(lines):
        if not line:
            if current:
                out.append(current)
            current = ""
            continue
        current = current + line if current.endswith("-") else f"{current} {line}".strip()
        following = next((n for n in lines[index + 1:] if n), "")
        capital = following[:1].isupper() or following[:1].isdigit()
        if SENTENCE_END.search(line) and capital or len(line) < 0.8 * width and (SENTENCE_END.search(line) or capital):
            out.append(current)
            current = ""
    if current:
        out.append(current)
    return out


def _metadata_title(value: object) -> str:
    title = " ".join(str(value or "").split())
    return "" if len(title.split()) < 3 or TOOL_TITLE.search(title) else title


def _created(reader: object, now: datetime) -> str | None:
    try:
        moment = reader.metadata.creation_date if reader.metadata else None  # type: ignore[attr-defined]
    except (ValueError, TypeError, AttributeError):
        return None
    if not isinstance(moment, datetime):
        return None
    moment = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    if moment > now or moment.year < 1990:
        return None
    return moment.astimezone(timezone.utc).isoformat()


def extract_pdf(body: bytes, now: datetime | None = None) -> PdfRelease | None:
    """Read one PDF; None when pypdf cannot (a broken or encrypted file)."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    now = now or datetime.now(timezone.utc)
    try:
        reader = PdfReader(io.BytesIO(body))
        pages = len(reader.pages)
        raw = "\n\n".join(page.extract_text() or "" for page in reader.pages[:MAX_PAGES])
        metadata_title = _metadata_title(reader.metadata.title if reader.metadata else "")
    except (PyPdfError, ValueError, TypeError, KeyError, OSError):
        return None
    blocks = paragraphs(raw)
    title = metadata_title or next((b for b in blocks if 3 <= len(b.split()) <= 30), "")
    if blocks and blocks[0] == title:
        blocks = blocks[1:]
    text = clean_body("\n".join(blocks), title=title, dek="", byline="")
    found = parse_date_text(raw[:DATELINE_CHARS])
    published = found.iso() if found and is_plausible(found, now) else None
    return PdfRelease(
        title=title, text=text, published=published, created=_created(reader, now),
        lang=story_language(text, None), is_release=bool(title) and pages <= MAX_PAGES and count_words(text) >= MIN_WORDS,
    )
