"""A social-media post embedded in a story is taken out of its wrapper before extraction, so that it stays a quote.

The embed code of Twitter, Instagram and TikTok writes the post as a `<blockquote>` (its text, then the author's
sign-off "— Name (@handle) date"), which publishers put in a wrapper of their own: `social-media-embed`,
`sdc-article-widget`, `embed-twitter`. Those class names read as page furniture to our rules and to trafilatura's
(share bars, widgets), and the post the story quotes is lost with them. The blockquote replaces a wrapper that holds
nothing but the post.
"""

from __future__ import annotations

import re

from lxml import html as lxml_html

EMBEDDED_POST = ("//blockquote[contains(@class, 'twitter-tweet') or contains(@class, 'instagram-media')"
                 " or contains(@class, 'tiktok-embed')]")


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def unwrap_embedded_posts(tree: lxml_html.HtmlElement) -> None:
    """Replace the outermost wrapper holding only an embedded post's text by the post's blockquote (in place)."""
    for post in tree.xpath(EMBEDDED_POST):
        text = _squash(post.text_content())
        if not text:
            continue
        wrapper = None
        for ancestor in post.iterancestors():
            if ancestor.tag in ("body", "html", "article", "main") or _squash(ancestor.text_content()) != text:
                break
            wrapper = ancestor
        if wrapper is None or wrapper.getparent() is None:
            continue
        post.tail, wrapper_tail = None, wrapper.tail
        wrapper.getparent().replace(wrapper, post)
        post.tail = wrapper_tail
