"""Is the page a paywalled teaser? The record is kept either way (its text is what the page shows); the flag says
that the story goes on behind a paywall.

Two kinds of evidence, each counted only next to a short body. The publisher's own declaration,
`isAccessibleForFree: false` in JSON-LD (on the article or on one of its `hasPart` sections), and paywall
furniture (a Piano or metered-wall container, a "subscribe to continue reading" notice). Declared pages often
carry the whole story in their markup; sites put paywall containers on every page, and some put a `paywall` class
on the paragraphs of stories they show in full.
"""

from __future__ import annotations

import re
from typing import Any

from lxml import html as lxml_html

from crawlers.page_metadata import json_ld_objects
from crawlers.words import count_words

# A body longer than this, or in more paragraphs, is the story, whatever paywall furniture sits around it:
# teasers show a lede of a paragraph or three.
TEASER_MAX_WORDS = 200
TEASER_MAX_PARAGRAPHS = 4
# A page that declares itself not free must still carry the paywalled part in its markup (Google's rule against
# cloaking), and many do: on the real-page benchmark, three of seven such pages hold the whole story (420 to 1,318
# words), while the teasers shown were under 100. Declared pages are teasers below this.
DECLARED_MAX_WORDS = 300
# Class or id tokens of a paywall's own boxes. A bare "paywall" is left out: it marks story paragraphs too.
WALL_TOKEN = re.compile(
    r"(?<!\S)(paywall[-_]+\w\S*|\S*[-_]paywall([-_]\S*)?|metered-?content|metered-?wall|meter-?wall|regwall|reg-wall|"
    r"piano[-_]\S*|tp-(modal|backdrop|container\S*|iframe\S*|active)|subscribers?-only|premium-(wall|gate|"
    r"content-lock)|content-?lock(ed)?|article-?lock(ed)?|locked-content|subscription-wall|hard-?wall)(?!\S)",
    re.I,
)
# Substrings that every token WALL_TOKEN matches, and every notice, contains (lower case).
WALL_KEYS = ("paywall", "piano", "metered", "meterwall", "meter-wall", "regwall", "reg-wall", "tp-modal", "tp-backdrop",
             "tp-container", "tp-iframe", "tp-active", "subscriber-only", "subscribers-only", "premium-wall",
             "premium-gate", "premium-content-lock", "contentlock", "content-lock", "articlelock", "article-lock",
             "locked-content", "subscription-wall", "hardwall", "hard-wall")
NOTICE_KEYS = ("to continue", "to keep", "to read", "to unlock", "to access", "to view", "unlock", "already a subscriber",
               "for subscribers", "to subscribers", "for members", "to members", "for premium", "to premium", "free articles",
               "free stories", "rest of this")
# A paywall vendor's account widgets sit in the site header of every page, free stories included.
ACCOUNT_TOKEN = re.compile(r"log-?in|user|sign|account|header|menu|nav", re.I)
# Notices asking the reader to subscribe to read on, matched on lower-cased text. Separate patterns, each opening
# with a word: one alternation of them all costs ~5 ms on a long page.
NOTICES = tuple(re.compile(p) for p in (
    r"(?:subscribe|sign in|log in|register|become a (?:free |paid )?(?:subscriber|member))\s+(?:now\s+)?to\s+"
    r"(?:continue|keep|read|unlock|access|view)",
    r"to (?:continue|keep) reading",
    r"unlock (?:this|the full) (?:article|story)",
    r"already a subscriber\b",
    r"this (?:article|story|content) is (?:only )?(?:available )?(?:for|to) (?:subscribers|members|premium)",
    r"(?:you have|you've) (?:reached|read) (?:your|all your|\d+) .{0,30}free (?:articles|stories)",
    r"the rest of this (?:article|story) is",
))
NOTICE_MAX_CHARS = 300
# A body line this short that reads as a notice is the notice, not a sentence of the story.
NOTICE_LINE_CHARS = 120


def _declared_not_free(value: Any) -> bool:
    if isinstance(value, bool):
        return not value
    return isinstance(value, str) and value.strip().lower() in ("false", "no", "0")


def declares_paywall(objects: list[dict]) -> bool:
    """JSON-LD says part of the page is not free: on an object itself or one of its `hasPart` sections."""
    for obj in objects:
        if _declared_not_free(obj.get("isAccessibleForFree")):
            return True
        parts = obj.get("hasPart")
        for part in parts if isinstance(parts, list) else [parts]:
            if isinstance(part, dict) and _declared_not_free(part.get("isAccessibleForFree")):
                return True
    return False


def _notice(text: str) -> bool:
    lower = text.lower()
    return any(pattern.search(lower) for pattern in NOTICES)


def has_paywall_furniture(tree: lxml_html.HtmlElement) -> bool:
    """A paywall's own container, or a short notice asking the reader to subscribe to read on. Substring tests
    clear most pages before the regular expressions run."""
    tokens = " ".join(tree.xpath("//body//@class | //body//@id")).lower()
    if any(key in tokens for key in WALL_KEYS) and \
            any(not ACCOUNT_TOKEN.search(m.group(0)) for m in WALL_TOKEN.finditer(tokens)):
        return True
    body = tree.find("body")
    text = body.text_content().lower() if body is not None else ""
    if not any(key in text for key in NOTICE_KEYS) or not _notice(text):
        return False
    # The wording alone is not enough: it must stand as a notice of its own, not inside a story's sentence.
    for element in body.iter("p", "div", "span", "strong", "a", "h2", "h3", "section"):
        text = " ".join(element.text_content().split())
        if text and len(text) <= NOTICE_MAX_CHARS and _notice(text):
            return True
    return False


def drop_notices(text: str) -> str:
    """The body without lines that are a paywall's notice ("Subscribe to continue reading.")."""
    lines = text.splitlines()
    kept = [line for line in lines if len(line) > NOTICE_LINE_CHARS or not _notice(line)]
    return "\n".join(kept) if len(kept) < len(lines) else text


def paywall_evidence(tree: lxml_html.HtmlElement, objects: list[dict] | None = None) -> tuple[bool, bool]:
    """(declared, furniture), read on the page as served, before its furniture is pruned."""
    objects = json_ld_objects(tree) if objects is None else objects
    return declares_paywall(objects), has_paywall_furniture(tree)


def is_teaser(declared: bool, furniture: bool, text: str) -> bool:
    """A teaser: declared not free, or paywall furniture, next to a short body."""
    words = count_words(text)
    if declared:
        return words < DECLARED_MAX_WORDS
    paragraphs = sum(1 for line in text.splitlines() if line.strip())
    return furniture and words < TEASER_MAX_WORDS and paragraphs <= TEASER_MAX_PARAGRAPHS
