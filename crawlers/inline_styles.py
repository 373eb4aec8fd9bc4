"""Border styles on inline text elements are dropped before extraction: trafilatura's precision mode reads them as a box.

trafilatura in precision mode (our first pass, crawlers/extraction.py) discards every element whose inline style
mentions "border", as callout boxes and bordered widgets are drawn that way. Text pasted from a word processor
carries such styles on its spans ("<span style='border:none windowtext 1.0pt; padding:0in'>"), so a sentence of the
story pasted that way disappears with them (the closing note of two Al Bawaba stories in the real-page benchmark).
On inline elements a border is typography, never a box; block elements keep theirs.
"""

from __future__ import annotations

from lxml import html as lxml_html

INLINE_TAGS = ("a", "abbr", "b", "cite", "em", "font", "i", "mark", "q", "small", "span", "strong", "sub", "sup", "u")


def drop_inline_border_styles(tree: lxml_html.HtmlElement) -> None:
    """Remove the style attribute of inline elements whose style mentions a border (in place)."""
    for element in tree.iter(*INLINE_TAGS):
        if "border" in (element.get("style") or "").lower():
            del element.attrib["style"]
