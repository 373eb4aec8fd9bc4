"""Boilerplate removal around the article body: page furniture before extraction, press-release tails after.

Two passes because neither alone is enough: CSS classes name cookie banners and newsletter boxes reliably,
while "About <company>", media contacts and forward-looking statements are usually plain paragraphs that only
their wording gives away.
"""

from __future__ import annotations

import re
import unicodedata

from lxml import html as lxml_html

# Class or id tokens of page furniture, at the start of a token or after a short prefix ("related-stories",
# "cookie_bar", "gd-promo", "c-newsletter"). Key-takeaway boxes repeat the story in short, like a dek.
# "paywall" alone is not one: publishers put that class on the story's own paragraphs and body container
# ("ArticlePage-content paywall"); only the paywall's own boxes are furniture ("paywall-modal", "paywall-bar").
FURNITURE = re.compile(
    r"^([a-z]{1,4}[-_])?(cookie|cookies|consent|gdpr|newsletter|subscribe|subscription|signup|sign-up|related|recommended|"
    r"more-stories|read-more|readmore|also-read|share|sharing|social|sharethis|addthis|comments?|disqus|"
    r"breadcrumbs?|advert|advertisement|ads|ad-slot|adslot|dfp|promo|popup|modal|"
    r"media-contacts?|press-contacts?|contact-info|boilerplate|about-company|company-about|about-the-company|"
    r"disclaimer|forward-looking|safe-harbou?r|legal-notice|copyright|print-only|skip-link|sr-only|visually-hidden|key-takeaways|takeaways|sponsored)"
    r"([-_].*)?$",
    re.I,
)
# The same words anywhere in a token ("company-boilerplate", "article-newsletter-box").
FURNITURE_ANYWHERE = re.compile(r"boilerplate|media-?contact|press-?contact|forward-?looking|newsletter|cookie-|"
                                r"related[-_]?(posts|stories|articles|content|news)|"
                                r"paywall[-_]+(modal|bar|overlay|prompt|banner|cta|promo|login|sign|offer|message|"
                                r"notice|header|user)", re.I)
FURNITURE_TAGS = ("nav", "aside", "footer", "form", "noscript", "script", "style", "template", "svg", "button",
                  "iframe", "dialog")
PROTECTED_TAGS = {"html", "body", "main", "article"}
CONTAINER_TAGS = {"form", "div", "section", "table", "td", "tr", "tbody"}

# Lines that open a press-release tail: everything from the first of them on is boilerplate.
RELEASE_TAIL = [re.compile(p, re.I) for p in (
    r"^(cautionary|important)\s+(note|statement|notice|information)\b.{0,60}$",
    r"^caution(ary)?\s+(concerning|regarding|about|on)\s+forward",
    r"^(cautionary\s+note|special\s+note|note)\s+regarding\s+forward",
    r"^forward[- ]looking\s+(statements?|information)\b",
    r"^safe\s+harbou?r\b",
    r"^(this|the)\s+(press|news)?\s*(release|announcement|document|communication)\s+(contains|may contain|includes)"
    r"\s+.{0,40}forward[- ]looking",
    r"^certain\s+statements\s+(in|contained in)\s+this\s+(press\s+|news\s+)?release",
    r"^statements\s+in\s+this\s+(press\s+|news\s+)?release\s+.{0,60}forward[- ]looking",
    r"^((media|press|investor|investors|company|corporate|business|public)\s+(and\s+\w+\s+)?)?"
    r"(contacts?|enquiries|inquiries|relations)\s*:?$",
    r"^(media|press|investor|investors)\s+(contacts?|enquiries|inquiries|relations)\b.{0,30}:",
    r"^for\s+(further|more|additional)\s+information,?\s+(please\s+)?(contact|visit|reach)",
    r"^for\s+media\s+(queries|enquiries|inquiries)",
    # PR Newswire's "SOURCE Example CDMO" sign-off, upper case and without a colon: "Source: Company data"
    # under a chart or table credits the figure and the story goes on after it.
    r"^(?-i:SOURCE)\s+[A-Z].{0,80}$",
    r"^view original content",
    r"^view source version\b",
    r"^cision\b.*view original content",
    r"^(logo|photo|video|multimedia)\s*[-–:]\s*https?://",
    r"^#{3,}\s*$",
    r"^-?\s*ends\s*-?$",
    r"^notes?\s+(to|for)\s+editors?\b",
    r"^(additional information and )?disclaimer\b",
)]
# Further lines that end the story text (page furniture that extractors sometimes keep), text pass only: on the
# page, a "Related news" box can sit in the middle of a story.
PAGE_TAIL = [re.compile(p, re.I) for p in (
    r"^(related|recommended)\s+(links|stories|articles|news|content|reading)\b",
    r"^(you may also like|more from|more news|latest news)\b.{0,40}$",
    # A bare heading only: "Read more: <other story>" inside the text is a link line, dropped where it stands.
    r"^(read more|read next|also read)\s*:?$",
    r"^(tags|topics|keywords|filed under)\s*:",
    r"^(attachments?|related links)\s*$",
    r"^(leave a (comment|reply)|comments?\s*\(\d+\)|\d+\s+comments?)\s*$",
    # The share bar's own label, not a sentence that asks readers to share ("Share this information, please?").
    r"^(share this( article| story| post| page)?|share on \w+|share article)\s*:?$",
    r"^(sign up|subscribe)\s+(for|to)\s+.{0,80}newsletter",
    r"^copyright\b.{0,20}(©|\(c\)|\d{4}|all rights reserved|unless otherwise)",
    r"^©\s*\d{4}\b",
)]
TAIL_MARKERS = RELEASE_TAIL + PAGE_TAIL
# Lines dropped wherever they stand (furniture that lands inside the body).
STRAY_LINES = [re.compile(p, re.I) for p in (
    r"^(advertisement|sponsored content|story continues below.*|continue reading below.*|scroll to continue.*)$",
    r"^(this (web)?site uses cookies|we use cookies|by continuing to (use|browse)).{0,300}$",
    r"^(share this article|share this story|print this article|email this article|listen to this article)$",
    r"^(facebook|twitter|linkedin|x|email|print|share|tweet|whatsapp)(\s*[|/]\s*\w+)*$",
    r"^(click here to subscribe|subscribe now|sign up now|register now).{0,80}$",
    r"^(read more|read next|also read|related)\s*:\s*.{1,200}$",
)]
# Lines dropped only at the top of the body: wire and newsroom chrome above the first paragraph.
HEAD_LINES = [re.compile(p, re.I) for p in (
    r"^news provided by\b.{0,120}$",
    r"^(press|news|media) releases?$",
    r"^(company|corporate|business|industry) news$",
    r"^(news|newsroom|insights|features?|analysis|opinion|blog)$",
    r"^(by|written by|posted by|author:?)\s+[\w.'’ -]{2,60}(,.{0,60})?$",
    r"^(home|news)\s*(>|/|»|›).{0,120}$",
    r"^\d+\s+min(ute)?s?\s+read$",
    r"^(reading time|read time)\s*:?.{0,20}$",
    r"^(published|posted|updated|last updated|date)\s*:?\s*.{0,60}$",
)]


def _tokens(element: lxml_html.HtmlElement) -> list[str]:
    return (element.get("class", "") + " " + element.get("id", "")).split()


def prune_furniture(tree: lxml_html.HtmlElement) -> None:
    """Remove navigation, banners, newsletter boxes, teasers, comments and press-release side boxes (in place).

    An element that holds the page's <h1> is never removed, nor html/body/main/article themselves.
    """
    doomed = []
    prose = 0
    held: dict[lxml_html.HtmlElement, int] = {}  # paragraph characters under each element
    for paragraph in tree.iter("p"):
        size = len(paragraph.text_content())
        prose += size
        for ancestor in paragraph.iterancestors():
            held[ancestor] = held.get(ancestor, 0) + size
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower()
        if tag in PROTECTED_TAGS:
            continue
        if prose and held.get(element, 0) > prose / 2 and (tag in CONTAINER_TAGS or element.xpath(".//h1")):
            # It holds most of the page's prose: a content container (ASP.NET wraps whole pages in a <form>).
            # Other tags only with the headline too: some themes wrap the whole page in an <aside>, while a
            # sidebar or a comment list can also outweigh a short story. trafilatura drops <aside> and <form>
            # wholesale, so they become plain <div>s.
            if tag in FURNITURE_TAGS:
                element.tag = "div"
            continue
        if tag in FURNITURE_TAGS or element.get("role") in ("navigation", "banner", "contentinfo", "complementary"):
            doomed.append(element)
        elif tag == "header" and not element.xpath(".//h1"):
            doomed.append(element)
        elif any(FURNITURE.match(t) or FURNITURE_ANYWHERE.search(t) for t in _tokens(element)) \
                and not element.xpath(".//h1"):
            doomed.append(element)
        elif element.get("aria-hidden") == "true" or "display:none" in element.get("style", "").replace(" ", ""):
            doomed.append(element)
    for element in tree.iter("p", "span", "div"):
        # Wire chrome: "News provided by" and the issuer's name in the element after it.
        if re.fullmatch(r"(?i)\s*news provided by\s*", element.text_content() or ""):
            follower = element.getnext()
            doomed.append(element)
            if follower is not None and len(follower.text_content().split()) <= 8:
                doomed.append(follower)
    doomed.extend(hover_cards(tree))
    for element in doomed:
        parent = element.getparent()
        if parent is not None:
            element.drop_tree()


# A box inside a paragraph made of this many links and next to no other text is a hover card (a person's name,
# then links to their other stories), which browsers show on mouse-over and text extraction reads inline.
HOVER_CARD_LINKS = 3
HOVER_CARD_OWN_TEXT = 0.1


def hover_cards(tree: lxml_html.HtmlElement) -> list[lxml_html.HtmlElement]:
    """Link boxes nested in a paragraph's sentence ("Kristi Noem<span>Kristi Lynn Noem | South Dakota governor
    doubles down ... | MORE</span> (R) is defending ..."): the sentence is kept, the box goes."""
    cards = []
    for paragraph in tree.iter("p"):
        whole = len(" ".join(paragraph.text_content().split()))
        boxes = []
        for box in paragraph.iterdescendants("span", "div"):
            links = box.xpath(".//a")
            if len(links) < HOVER_CARD_LINKS:
                continue
            text = len(" ".join(box.text_content().split()))
            linked = sum(len(" ".join(a.text_content().split())) for a in links)
            # The sentence around the box must go on without it; a paragraph that is only links is a link list.
            if text and text - linked <= HOVER_CARD_OWN_TEXT * text and whole - text >= 40:
                boxes.append(box)
        # The innermost box: its wrapper often holds the name's own link, which is part of the sentence.
        cards.extend(b for b in boxes if not any(o is not b and b in o.iterancestors() for o in boxes))
    return cards


def is_release_tail(line: str) -> bool:
    """A line that starts a press-release tail: About <company>, contacts, forward-looking statements, ..."""
    return is_about_heading(line) or any(p.match(line) for p in RELEASE_TAIL)


def cut_release_tail(tree: lxml_html.HtmlElement) -> None:
    """Remove the first tail heading after the story's first paragraph, and everything after it (in place).

    Done on the page as well as on the text because extractors drop short headings such as "About Lonza" or
    "Media enquiries" while keeping the paragraphs under them.
    """
    seen_paragraph = False
    for element in tree.iter("p", "h2", "h3", "h4", "h5", "h6", "strong", "b", "dt"):
        text = " ".join(element.text_content().split())
        if not text:
            continue
        if element.tag == "p" and len(text) > 80 and not seen_paragraph:
            seen_paragraph = True
            continue
        if not seen_paragraph or len(text) > 200:
            continue
        head = re.split(r"(?<=[:.])\s", text, maxsplit=1)[0] if element.tag in ("p", "strong", "b") else text
        if is_release_tail(text) or (head != text and is_release_tail(head)):
            # "<p><strong>About X</strong><br>X is ...</p>", "<em><strong>Disclaimer:</strong> The views ...</em>":
            # the whole paragraph the heading opens goes, not just the heading.
            if element.tag in ("strong", "b"):
                element = _opened_paragraph(element, text)
            for follower in element.xpath("following::*"):
                if follower.getparent() is not None and not follower.xpath("ancestor-or-self::h1"):
                    follower.drop_tree()
            if element.getparent() is not None:
                element.drop_tree()
            return


# Inline elements a bold heading's paragraph can be written in, up to its <p> (or its block, when there is none).
PARAGRAPH_WRAPPERS = {"em", "i", "span", "font", "u", "small"}


def _opened_paragraph(heading: lxml_html.HtmlElement, text: str) -> lxml_html.HtmlElement:
    """The paragraph that a bold heading opens: its <p> or inline wrappers, as far as their text starts with it."""
    opened = heading
    for ancestor in heading.iterancestors():
        if ancestor.tag not in PARAGRAPH_WRAPPERS and ancestor.tag != "p" or \
                not " ".join(ancestor.text_content().split()).startswith(text):
            break
        opened = ancestor
        if ancestor.tag == "p":
            break
    return opened


def normalise(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form, for comparing a body line with the title or dek."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def clean_body(text: str, title: str = "", dek: str = "", byline: str = "") -> str:
    """Article body without repeated headline/dek, wire chrome, stray furniture or a press-release tail."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    lines = [line for line in lines if line and not any(p.match(line) for p in STRAY_LINES)]
    repeats = {normalise(x) for x in (title, dek) if x and normalise(x)}
    # The byline is dropped above the story only: below it, a line that reads as the author's name is a credit
    # ("© Reuters" under a story whose author is Reuters).
    head_repeats = repeats | ({normalise(byline)} if normalise(byline) else set())
    # Head: drop chrome and repeats until the first real paragraph.
    start = 0
    while start < len(lines) and start < 8:
        line = lines[start]
        key = normalise(line)
        if re.match(r"(?i)^news provided by\s*$", line) and start + 1 < len(lines) and len(lines[start + 1].split()) <= 8:
            start += 2  # the wire's "News provided by" line and the issuer's name under it
            continue
        if key in head_repeats or any(p.match(line) for p in HEAD_LINES) or _is_date_only(line):
            start += 1
            continue
        break
    body = lines[start:]
    # Tail: cut at the first marker after the first paragraph.
    for index, line in enumerate(body):
        if index >= 1 and (is_about_heading(line) or any(p.match(line) for p in TAIL_MARKERS)):
            body = body[:index]
            break
    # A title or dek repeated inside the body (sticky headers, print versions) is dropped too.
    return "\n".join(line for line in body if normalise(line) not in repeats)


ABOUT = re.compile(r"^About\s+(?P<name>[^:]{2,80}?)\s*(?P<colon>:\s*(?P<rest>.*))?$")
NAME_GLUE = {"the", "us", "our", "of", "and", "de", "du", "von", "&", "-", "–"}


def is_about_heading(line: str) -> bool:
    """ "About Lonza", "About Samsung Biologics Co., Ltd.", "About Lonza: Lonza is ..." — not "About half of ..."."""
    match = ABOUT.match(line)
    if not match:
        return False
    words = match.group("name").split()
    if not words or len(words) > 9 or (match.group("name").endswith(".") and not match.group("colon")
                                        and not re.search(r"\b(Inc|Ltd|Co|Corp|S\.A|AG|plc|N\.V|L\.P)\.$",
                                                          match.group("name"))):
        return False
    named = [w for w in words if w.lower() not in NAME_GLUE]
    return bool(named) and all(w[0].isupper() or w[0].isdigit() and not w.isdigit() for w in named) \
        and not words[0][0].isdigit()


def _is_date_only(line: str) -> bool:
    from crawlers.dates import parse_date_text

    if len(line) > 60 or parse_date_text(line, day_first=True) is None:
        return False
    letters = re.sub(r"[\d\W_]", "", re.sub(
        r"(?i)\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|\b(am|pm|et|edt|est|cet|cest|utc|gmt|"
        r"kst|updated|published|posted|on|at|mon|tue|wed|thu|fri|sat|sun)[a-z]*\b", "", line))
    return len(letters) <= 3
