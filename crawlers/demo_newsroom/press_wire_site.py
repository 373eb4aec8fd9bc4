"""BioPress Wire: a press-release wire with an Atom feed and plain release pages (no JSON-LD)."""

from __future__ import annotations

from html import escape

from crawlers.demo_newsroom.corpus import DemoArticle
from crawlers.demo_newsroom.site import DemoSite, Page, paragraphs_html


class PressWireSite(DemoSite):
    def article_path(self, article: DemoArticle) -> str:
        return f"/releases/{article.published:%Y%m%d}-{article.slug}.html"

    def build(self, base_url: str) -> None:
        self.base_url = base_url
        newest_first = sorted(self.articles, key=lambda a: a.published, reverse=True)
        self.routes["/robots.txt"] = Page("User-agent: *\nDisallow: /members/\n", "text/plain")
        self.routes["/"] = Page(
            "<html lang='en'><head><title>BioPress Wire</title>"
            '<link rel="alternate" type="application/atom+xml" href="/releases.atom"></head>'
            "<body><h1>BioPress Wire</h1><p>Press releases from the life-science industry.</p></body></html>"
        )
        self.routes["/releases.atom"] = Page(self._feed(newest_first), "application/atom+xml; charset=utf-8")
        for article in self.articles:
            self.routes[self.article_path(article)] = Page(self._release(article))

    def _feed(self, articles: list[DemoArticle]) -> str:
        updated = articles[0].published.isoformat() if articles else "2026-01-01T00:00:00+00:00"
        entries = "\n".join(
            f"<entry><title>{escape(a.title)}</title>"
            f'<link rel="alternate" href="{self.base_url}{self.article_path(a)}"/>'
            f"<id>urn:biopresswire:{a.id}</id><published>{a.published.isoformat()}</published>"
            f"<updated>{a.published.isoformat()}</updated><summary>{escape(a.dek)}</summary></entry>"
            for a in articles
        )
        return (
            '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>BioPress Wire: all releases</title><id>urn:biopresswire:all</id>"
            f'<link rel="self" href="{self.base_url}/releases.atom"/><updated>{updated}</updated>{entries}</feed>'
        )

    def _release(self, article: DemoArticle) -> str:
        extras = "".join(
            f'<p class="{cls}">{escape(text)}</p>'
            for cls, text in (("about", article.about), ("contact", article.contact), ("disclaimer", article.disclaimer))
            if text
        )
        return f"""<!DOCTYPE html>
<html lang="en-US"><head><meta charset="utf-8">
<title>{escape(article.title)}</title>
<meta property="og:type" content="article">
<meta property="article:published_time" content="{article.published.isoformat()}">
<meta property="og:site_name" content="BioPress Wire">
</head><body>
<div class="wire-nav"><a href="/">BioPress Wire</a> | <a href="/releases.atom">Atom feed</a> | Send a release</div>
<div class="release">
<h1 class="release-title">{escape(article.title)}</h1>
<h2 class="release-subtitle">{escape(article.dek)}</h2>
<p class="release-date">News provided by BioPress Wire &middot;
<time datetime="{article.published.isoformat()}">{article.published:%d %b, %Y, %H:%M}</time></p>
<div class="release-body">
{paragraphs_html(article.paragraphs)}
{extras}
</div></div>
<div class="wire-footer">Copyright BioPress Wire. Demo site of the cdmo-radar project.</div>
</body></html>"""
