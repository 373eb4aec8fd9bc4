"""The Alderbrook Biologics newsroom: no feed, discovered only through a sitemap index."""

from __future__ import annotations

from html import escape
from itertools import groupby

from crawlers.demo_newsroom.corpus import DemoArticle
from crawlers.demo_newsroom.site import DemoSite, Page, paragraphs_html


class CorporateNewsroomSite(DemoSite):
    def article_path(self, article: DemoArticle) -> str:
        return f"/en/newsroom/{article.slug}"

    def build(self, base_url: str) -> None:
        self.base_url = base_url
        self.routes["/robots.txt"] = Page(
            f"User-agent: *\nDisallow: /en/internal/\nSitemap: {base_url}/sitemap.xml\n", "text/plain"
        )
        by_year = groupby(sorted(self.articles, key=lambda a: a.published), key=lambda a: a.published.year)
        children = []
        for year, group in by_year:
            articles = list(group)
            path = f"/sitemaps/newsroom-{year}.xml"
            children.append((path, max(a.published for a in articles)))
            urls = "\n".join(
                f"<url><loc>{base_url}{self.article_path(a)}</loc><lastmod>{a.published.isoformat()}</lastmod></url>"
                for a in articles
            )
            self.routes[path] = Page(
                '<?xml version="1.0" encoding="UTF-8"?>\n'
                f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>',
                "application/xml",
            )
        index = "\n".join(
            f"<sitemap><loc>{base_url}{path}</loc><lastmod>{last.isoformat()}</lastmod></sitemap>"
            for path, last in children
        )
        self.routes["/sitemap.xml"] = Page(
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{index}</sitemapindex>',
            "application/xml",
        )
        for article in self.articles:
            self.routes[self.article_path(article)] = Page(self._release(article))

    def _release(self, article: DemoArticle) -> str:
        about = f'<section class="boilerplate"><p>{escape(article.about)}</p></section>' if article.about else ""
        contact = f'<section class="media-contact"><p>{escape(article.contact)}</p></section>' if article.contact else ""
        disclaimer = f'<p class="legal"><small>{escape(article.disclaimer)}</small></p>' if article.disclaimer else ""
        return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{escape(article.title)} - Alderbrook Biologics</title>
<meta name="date" content="{article.published:%Y-%m-%d}">
<meta property="og:type" content="article">
<link rel="canonical" href="{self.base_url}{self.article_path(article)}">
</head><body>
<nav class="site-nav"><a href="/">Alderbrook Biologics</a> <a href="/en/services">Services</a>
<a href="/en/newsroom">Newsroom</a> <a href="/en/careers">Careers</a> <a href="/en/contact">Contact</a></nav>
<div id="consent">This website uses cookies. <a href="/en/privacy">Learn more</a> <button>OK</button></div>
<main>
<article class="press-release">
<div class="meta"><span class="category">Press release</span> &middot; <span class="date">{article.published:%d.%m.%Y}</span></div>
<h1>{escape(article.title)}</h1>
<p class="lead"><strong>{escape(article.dek)}</strong></p>
{paragraphs_html(article.paragraphs)}
{about}{contact}{disclaimer}
</article>
</main>
<footer>&copy; Alderbrook Biologics (a fictional company of the cdmo-radar demo)</footer>
</body></html>"""
