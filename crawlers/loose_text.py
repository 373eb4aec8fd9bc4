"""Story text written straight into a <div> and split by <br> becomes paragraphs before extraction.

Older CMS templates write a story as `<div class="content">Lede ... <br> <br>Second paragraph ...</div>`.
trafilatura reads the text of such a div's children and tails, but loses the div's own leading text when the
div sits inside the block it chose as the main content: the lede goes missing. As <p> elements, every run of
text is a paragraph like any other.
"""

from __future__ import annotations

from lxml import html as lxml_html

# A div counts as story text written loose when its own text runs (outside child elements) add up to this many
# characters: far more than a label or a caption.
MIN_LOOSE_CHARS = 200
# Inline elements stay inside the paragraph being built; any other child ends it and stays where it is.
INLINE_TAGS = {"a", "abbr", "b", "cite", "code", "em", "i", "mark", "q", "s", "small", "span", "strong", "sub",
               "sup", "time", "u"}


def _loose_chars(div: lxml_html.HtmlElement) -> int:
    return len((div.text or "").strip()) + sum(len((child.tail or "").strip()) for child in div)


def _is_loose_story(div: lxml_html.HtmlElement) -> bool:
    tags = {child.tag for child in div if isinstance(child.tag, str)}
    return "br" in tags and "p" not in tags and _loose_chars(div) >= MIN_LOOSE_CHARS


def _paragraphs(div: lxml_html.HtmlElement) -> list[lxml_html.HtmlElement]:
    """The div's content regrouped: runs of text and inline elements as <p>s, other children as they are."""
    out: list[lxml_html.HtmlElement] = []
    current: lxml_html.HtmlElement | None = None

    def add_text(text: str | None, into: lxml_html.HtmlElement | None) -> lxml_html.HtmlElement | None:
        if not text or into is None and not text.strip():
            return into
        if into is None:
            into = lxml_html.Element("p")
            out.append(into)
        if len(into):
            into[-1].tail = (into[-1].tail or "") + text
        else:
            into.text = (into.text or "") + text
        return into

    current = add_text(div.text, current)
    for child in list(div):
        tail, child.tail = child.tail, None
        if child.tag == "br":
            current = None
        elif isinstance(child.tag, str) and child.tag in INLINE_TAGS:
            if current is None:
                current = lxml_html.Element("p")
                out.append(current)
            current.append(child)
        else:
            current = None
            out.append(child)
        current = add_text(tail, current)
    return out


def wrap_loose_text(tree: lxml_html.HtmlElement) -> None:
    """Turn each run of text and inline elements between <br>s (or block children) of a loose-story <div> into a
    <p> (in place). Divs that already use <p>, or hold only short labels, are left alone."""
    for div in [d for d in tree.iter("div") if _is_loose_story(d)]:
        regrouped = _paragraphs(div)
        div.text = None
        for child in list(div):
            div.remove(child)
        div.extend(regrouped)
