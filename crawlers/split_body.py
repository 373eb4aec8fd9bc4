"""A story body split into several same-class blocks (around ad rows) is joined into the first before extraction.

trafilatura takes the first element its body patterns match (`article__body`, `post-content`, ...) as the story.
Some templates cut the body into a run of identical blocks with ads between them (Wired: two
`article__body` blocks, the second half of the story in the second): trafilatura then keeps the first half
and the story's end is lost. Blocks with exactly the same tag and class as the chosen one, holding prose of
their own, are the same body's continuation.
"""

from __future__ import annotations

from lxml import html as lxml_html
from trafilatura.xpaths import BODY_XPATH

# A block continues the story when it holds a paragraph of at least this many characters (not a caption or a
# "Read more" line).
MIN_PARAGRAPH_CHARS = 80
# The joined blocks hold more than this share of the page's paragraph text.
MIN_SHARE_OF_PROSE = 0.5
# ... and each later block at least this share of the first one's.
MIN_PART = 0.25


def _prose_chars(elements: list[lxml_html.HtmlElement]) -> int:
    return sum(len(p.text_content()) for element in elements for p in element.iter("p"))


def _has_prose(element: lxml_html.HtmlElement) -> bool:
    return any(len(p.text_content().strip()) >= MIN_PARAGRAPH_CHARS for p in element.iter("p"))


def join_split_body(tree: lxml_html.HtmlElement) -> None:
    """Move the children of later blocks shaped like the chosen body block into it (in place)."""
    for expression in BODY_XPATH:
        chosen = next((e for e in expression(tree) if e is not None), None)
        if chosen is None:
            continue
        css = (chosen.get("class") or "").strip()
        if not css or not _has_prose(chosen):
            return
        inside = set(chosen.iterancestors()) | set(chosen.iter())
        others = [other for other in tree.iter(chosen.tag)
                  if other not in inside and (other.get("class") or "").strip() == css and _has_prose(other)
                  and not any(a.get("class") == chosen.get("class") and a.tag == chosen.tag
                              for a in other.iterancestors())]
        # Each a sizeable part of the story, not a teaser box that shares the body's class.
        others = [other for other in others if _prose_chars([other]) >= MIN_PART * _prose_chars([chosen])]
        # Together they must be the page's story, not a run of sidebar teasers that share a class.
        if not others or _prose_chars([chosen, *others]) <= MIN_SHARE_OF_PROSE * _prose_chars([tree]):
            return
        for other in others:
            if other.text and other.text.strip():
                paragraph = lxml_html.Element("p")
                paragraph.text, other.text = other.text, None
                chosen.append(paragraph)
            for child in list(other):
                chosen.append(child)
        return
