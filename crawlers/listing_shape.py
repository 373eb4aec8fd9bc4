"""Is this page a listing by its structure? Category, tag, author, company and paginated archives repeat one teaser
card per story (a linked headline, maybe a date and an excerpt), and what an extractor takes for their body is
those cards, whatever their URL looks like and whatever metadata the theme stamps on them. A story's own page
may carry cards too (related stories, most read), but beside its body, not as it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from lxml import html as lxml_html

from crawlers.page_kind import url_is_story_shaped
from crawlers.words import count_words

# A teaser link's text reads like a headline, not like "More" or a tag name.
HEADLINE_WORDS = 3
# Sibling blocks of one kind, each with its own teaser link, that make a run of cards.
MIN_CARDS = 4
# A card opens with its headline link, after a kicker or a date at most, and holds an excerpt at most.
MAX_WORDS_BEFORE_HEADLINE = 8
MAX_CARD_WORDS = 150
# The page is a listing when cards make up at least this share of its extracted body.
CARDS_SHARE_OF_BODY = 0.5
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
BLOCKS = {"p", "li", "td", "th", "dt", "dd", "div", "section", "article", "header", "footer", "main", "body",
          "blockquote", *HEADINGS}
CHROME = {"nav", "aside", "script", "style", "noscript", "template"}


@dataclass(frozen=True)
class ListingShape:
    cards: int
    card_words_in_body: int
    body_words: int

    @property
    def is_listing(self) -> bool:
        return self.cards >= MIN_CARDS and self.card_words_in_body >= CARDS_SHARE_OF_BODY * max(self.body_words, 1)


def _chrome(body: lxml_html.HtmlElement) -> set[lxml_html.HtmlElement]:
    """Navigation and sidebars, and headers and footers that are the site's (not a story's or a card's)."""
    roots = [e for e in body.iter() if isinstance(e.tag, str) and (
        e.tag in CHROME or e.tag in ("header", "footer") and not any(a.tag == "article" for a in e.iterancestors()))]
    return {node for root in roots for node in root.iter()}


def _teasers(element: lxml_html.HtmlElement) -> list[lxml_html.HtmlElement]:
    return [a for a in element.iter("a")
            if (a.get("href") or "").strip() not in ("", "#") and count_words(a.text_content()) >= HEADLINE_WORDS]


def _words_before(element: lxml_html.HtmlElement, target: lxml_html.HtmlElement) -> int:
    """Words of `element` that come before `target` in reading order."""
    words = 0

    def walk(node: lxml_html.HtmlElement) -> bool:
        nonlocal words
        if node is target:
            return True
        if isinstance(node.tag, str) and node.tag not in CHROME:
            words += count_words(node.text or "")
        for child in node:
            if walk(child):
                return True
            words += count_words(child.tail or "")
        return False

    walk(element)
    return words


def _squash(text: str) -> str:
    return re.sub(r"\W+", "", text).lower()


class _Cards:
    """Finds the runs of cards of one page: teaser links are to stories on the page's own site."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.host = (urlsplit(url).hostname or "").lower()
        # Words per block element: counted once, however many links a block holds (a page of a thousand links
        # in one <div> would otherwise count that <div> a thousand times).
        self.block_words: dict[lxml_html.HtmlElement, int] = {}

    def _stands_alone(self, link: lxml_html.HtmlElement) -> bool:
        """A headline link is a line of its own (a date or kicker beside it at most), not a phrase in a sentence."""
        block = next((a for a in link.iterancestors() if a.tag in BLOCKS), None)
        if block is None:
            return True
        if block not in self.block_words:
            self.block_words[block] = count_words(block.text_content())
        return self.block_words[block] - count_words(link.text_content()) <= MAX_WORDS_BEFORE_HEADLINE

    def _story_link(self, href: str) -> str | None:
        target = urljoin(self.url, href.strip()).split("#")[0]
        if (urlsplit(target).hostname or "").lower() != self.host or target == self.url.split("#")[0]:
            return None
        return target if url_is_story_shaped(target) else None

    def targets(self, element: lxml_html.HtmlElement) -> set[str]:
        """Where a card links to; empty when the element is no card: a card opens with its headline link
        (after a kicker or date at most) and is short, while a story's paragraph or list item carries its
        links inside its prose, and a product list links elsewhere."""
        teasers = [a for a in _teasers(element) if self._story_link(a.get("href") or "") and self._stands_alone(a)]
        if not teasers or _words_before(element, teasers[0]) > MAX_WORDS_BEFORE_HEADLINE \
                or count_words(element.text_content()) > MAX_CARD_WORDS:
            return set()
        return {self._story_link(a.get("href") or "") or "" for a in teasers}

    def runs(self, body: lxml_html.HtmlElement, chrome: set) -> list[list[lxml_html.HtmlElement]]:
        """Runs of sibling elements of one tag, each holding a teaser link to a story of its own. A run of linked
        headings takes in what follows each heading (its date and excerpt) up to the next one."""
        runs = []
        for parent in body.iter():
            if not isinstance(parent.tag, str) or parent in chrome:
                continue
            children = [c for c in parent if isinstance(c.tag, str)]
            for tag in {c.tag for c in children}:
                members = [c for c in children if c.tag == tag]
                if len(members) < MIN_CARDS:
                    continue
                targets = [self.targets(m) for m in members]
                with_link = [m for m, t in zip(members, targets, strict=True) if t]
                if len(with_link) < MIN_CARDS or len(set().union(*targets)) < MIN_CARDS:
                    continue
                if tag in HEADINGS:
                    run: list[lxml_html.HtmlElement] = []
                    for child in children[children.index(with_link[0]):]:
                        if child.tag == tag and child not in with_link:
                            break
                        run.append(child)
                    runs.append(run)
                else:
                    runs.append(with_link)
        return runs


@dataclass(frozen=True)
class Card:
    words: int
    excerpt: str  # squashed
    headline: str  # its first teaser link's text, squashed

    def in_body(self, body: str) -> bool:
        """Whether the squashed extracted body holds this card: its excerpt or its headline."""
        return len(self.excerpt) >= 20 and self.excerpt[:60] in body or bool(self.headline and self.headline in body)


def find_cards(tree: lxml_html.HtmlElement, url: str) -> list[Card]:
    """The teaser cards of the page `tree` at `url`, read before furniture removal (which takes card headers
    and footers for page chrome)."""
    body = (tree.xpath("//body") or [tree])[0]
    chrome = _chrome(body)
    runs = _Cards(url).runs(body, chrome)
    in_cards = {node for run in runs for card in run for node in card.iter()}
    cards = []
    # Outermost cards only: a run nested inside another run's cards is part of them.
    for card in (c for run in runs for c in run if not any(a in in_cards for a in c.iterancestors())):
        linked = {node for a in card.iter("a") for node in a.iter()}
        # The excerpt is the card's longest run of text outside its links (not its date or kicker).
        pieces = [t for node in card.iter() if isinstance(node.tag, str) and node not in linked
                  for t in (node.text, node.tail) if t]
        excerpt = max((_squash(t) for t in pieces), key=len, default="")
        headline = " ".join(a.text_content() for a in _teasers(card)[:1])
        cards.append(Card(count_words(card.text_content()), excerpt, _squash(headline)))
    return cards


def listing_shape(cards: list[Card], body_text: str) -> ListingShape:
    """How much of the extracted body is teaser cards."""
    squashed = _squash(body_text)
    return ListingShape(len(cards), sum(c.words for c in cards if c.in_body(squashed)), count_words(body_text))
