"""PharmaMakers Weekly: a trade-press site with an RSS 2.0 feed, paginated listings and busy article pages."""

from __future__ import annotations

import json
from html import escape

from crawlers.demo_newsroom.corpus import DemoArticle
from crawlers.demo_newsroom.site import DemoSite, Page, paragraphs_html, rfc822

LISTING_PAGE_SIZE = 20
# Linked from every listing but disallowed by robots.txt: a polite crawler never fetches it.
DRAFT_PATH = "/admin/drafts/unpublished-plant-story/"
DRAFT_SENTENCE = "This unpublished draft sits behind robots.txt and must never be collected."
FEED_SIZE = 30

CHROME_TOP = """<header class="masthead"><a href="/">PharmaMakers Weekly</a>
<nav><a href="/news/">News</a> <a href="/about/">About us</a> <a href="/careers/">Careers</a>
<a href="/tag/manufacturing/">Manufacturing</a> <a href="/subscribe/">Subscribe</a></nav>
<div class="edition">Today's edition: Friday 27 November 2026</div></header>
<div class="cookie-banner">We use cookies to improve your experience. By continuing you accept our cookie policy.
<button>Accept all</button></div>"""

CHROME_BOTTOM = """<footer><p>PharmaMakers Weekly is a demo publication of the cdmo-radar project.</p>
<a href="/privacy/">Privacy</a> <a href="/contact/">Contact</a></footer>"""


class TradePressSite(DemoSite):
    def article_path(self, article: DemoArticle) -> str:
        return f"/news/{article.published:%Y/%m}/{article.slug}/"

    def build(self, base_url: str) -> None:
        self.base_url = base_url
        newest_first = sorted(self.articles, key=lambda a: a.published, reverse=True)
        self.routes["/robots.txt"] = Page(
            "User-agent: *\nDisallow: /admin/\nDisallow: /search\n", "text/plain"
        )
        self.routes["/"] = self._listing(newest_first[:LISTING_PAGE_SIZE], 1, has_next=True, title="Home")
        self.routes["/feed/"] = Page(self._feed(newest_first[:FEED_SIZE]), "application/rss+xml; charset=utf-8")
        pages = [newest_first[i : i + LISTING_PAGE_SIZE] for i in range(0, len(newest_first), LISTING_PAGE_SIZE)]
        for number, chunk in enumerate(pages, start=1):
            path = "/news/" if number == 1 else f"/news/page/{number}/"
            self.routes[path] = self._listing(chunk, number, has_next=number < len(pages), title="News")
        for article in self.articles:
            related = [a for a in newest_first if a.id != article.id][:3]
            self.routes[self.article_path(article)] = Page(self._article(article, related))
        self.routes[DRAFT_PATH] = Page(
            "<html lang='en'><head><title>Draft: unpublished plant story</title>"
            '<meta property="og:type" content="article"></head><body><article><h1>Draft</h1>'
            + f"<p>{DRAFT_SENTENCE}</p>" * 12 + "</article></body></html>"
        )
        for static in ("/about/", "/careers/", "/subscribe/", "/privacy/", "/contact/", "/tag/manufacturing/"):
            self.routes[static] = Page(
                f"<html lang='en'><head><title>{static.strip('/').title()} | PharmaMakers Weekly</title></head>"
                f"<body>{CHROME_TOP}<main><h1>{static.strip('/').title()}</h1><p>PharmaMakers Weekly covers "
                f"pharmaceutical manufacturing.</p></main>{CHROME_BOTTOM}</body></html>"
            )

    def _listing(self, articles: list[DemoArticle], number: int, has_next: bool, title: str) -> Page:
        items = "\n".join(
            f'<li class="teaser"><a href="{self.article_path(a)}">{escape(a.title)}</a>'
            f"<span class='date'>{a.published:%d %B %Y}</span><p>{escape(a.dek)}</p></li>"
            for a in articles
        )
        nav = f'<a class="staff" href="{DRAFT_PATH}">Staff preview</a> '
        if number > 1:
            prev = "/news/" if number == 2 else f"/news/page/{number - 1}/"
            nav += f'<a rel="prev" href="{prev}">Previous</a> '
        if has_next:
            nav += f'<a rel="next" href="/news/page/{number + 1}/">Next</a>'
        return Page(
            f"<!DOCTYPE html><html lang='en'><head><title>{title} | PharmaMakers Weekly</title>"
            f'<link rel="alternate" type="application/rss+xml" href="/feed/"></head><body>{CHROME_TOP}'
            f"<main><h1>{title}</h1><ul>{items}</ul><div class='pager'>{nav}</div></main>{CHROME_BOTTOM}</body></html>"
        )

    def _feed(self, articles: list[DemoArticle]) -> str:
        items = "\n".join(
            f"<item><title>{escape(a.title)}</title><link>{self.base_url}{self.article_path(a)}?utm_source=rss"
            f"&amp;utm_medium=feed</link><guid isPermaLink=\"false\">pmw-{a.id}</guid>"
            f"<pubDate>{rfc822(a)}</pubDate><description>{escape(a.dek)}</description></item>"
            for a in articles
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
            f"<title>PharmaMakers Weekly</title><link>{self.base_url}/</link>"
            f"<description>News for pharmaceutical manufacturers</description>{items}</channel></rss>"
        )

    def _article(self, article: DemoArticle, related: list[DemoArticle]) -> str:
        url = f"{self.base_url}{self.article_path(article)}"
        json_ld = json.dumps(
            {
                "@context": "https://schema.org",
                "@type": "NewsArticle",
                "headline": article.title,
                "datePublished": article.published.isoformat(),
                "author": {"@type": "Person", "name": article.author} if article.author else None,
                "publisher": {"@type": "Organization", "name": "PharmaMakers Weekly"},
            }
        ).replace("</", "<\\/")
        byline = f'<p class="byline">By <span class="author">{escape(article.author)}</span></p>' if article.author else ""
        teasers = "".join(
            f'<li><a href="{self.article_path(r)}">{escape(r.title)}</a></li>' for r in related
        )
        return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{escape(article.title)} | PharmaMakers Weekly</title>
<link rel="canonical" href="{url}">
<meta property="og:type" content="article"><meta property="og:url" content="{url}">
<meta property="og:title" content="{escape(article.title)}">
<meta name="description" content="{escape(article.dek)}">
<script type="application/ld+json">{json_ld}</script>
</head><body>{CHROME_TOP}
<main><article>
<p class="section">{escape(article.section)}</p>
<h1>{escape(article.title)}</h1>
<p class="dek"><em>{escape(article.dek)}</em></p>
{byline}<p class="dateline">{article.published:%B %d, %Y}</p>
<div class="article-body">
{paragraphs_html(article.paragraphs)}
</div>
</article>
<aside class="newsletter"><h3>Get the weekly briefing</h3><p>Sign up for our newsletter and never miss a
manufacturing story.</p><form><input type="email"><button>Sign up</button></form></aside>
<aside class="related"><h3>Related stories</h3><ul>{teasers}</ul></aside>
<section class="comments"><h3>Comments</h3><p>Comments are closed for this article.</p></section>
</main>{CHROME_BOTTOM}</body></html>"""
