"""The quality bar on sites the crawler was never tuned on: five site builds (Ghost, Adobe Experience Manager,
Hugo, ASP.NET WebForms, WordPress; templates in tests/fixtures/unseen_sites/, hand-written imitations) carrying 75
demo-corpus articles, served on 127.0.0.1 under their own host names and crawled for real. Bar (issues 3 and 17):
article recall >= 0.95 (undated stories included), no non-article page collected (listing traps included), titles
>= 0.95 exact, dates >= 0.95 right (no date where none is given counts as right), first sentence present, no
boilerplate, zero robots.txt violations."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from string import Template

import pytest
import yaml
from protego import Protego

from crawlers.replay_server import FixtureMirror
from crawlers.settings import BASE_SETTINGS

pytestmark = pytest.mark.server

TEMPLATES = Path(__file__).parent / "fixtures" / "unseen_sites"
PER_SITE = 15


@dataclass
class Site:
    name: str
    base: str
    entry: dict
    boilerplate: list[str]
    pages: dict[str, tuple[str, str]] = field(default_factory=dict)  # url -> (body, content type)
    articles: dict[str, object] = field(default_factory=dict)  # url -> DemoArticle
    non_articles: list[str] = field(default_factory=list)
    # url -> the day a record must carry, where it is not the article's own (None: no date anywhere to find)
    dates: dict[str, str | None] = field(default_factory=dict)

    def add(self, url: str, body: str, content_type: str = "text/html; charset=utf-8") -> None:
        self.pages[url] = (body, content_type)


def _template(cms: str, name: str) -> Template:
    return Template((TEMPLATES / cms / name).read_text(encoding="utf-8"))


def _paragraphs(article) -> str:
    return "\n".join(f"<p>{escape(p)}</p>" for p in article.paragraphs)


def _common(article, url: str) -> dict:
    return {
        "title": escape(article.title), "title_json": json.dumps(article.title)[1:-1].replace("</", "<\\/"),
        "dek": escape(article.dek), "url": url, "iso": article.published.isoformat(),
        "day": article.published.date().isoformat(), "day_text": f"{article.published:%-d %b %Y}",
        "author": escape(article.author or "Staff"), "author_json": json.dumps(article.author or "Staff")[1:-1],
        "section": escape(article.section), "paragraphs": _paragraphs(article),
    }


def _filler(topic: str) -> str:
    return (f"<p>{topic} This page describes who we are and how we work with readers, partners and sponsors. "
            "We publish independent analysis of biologics manufacturing, explain our editorial standards, list the "
            "people behind the publication and answer common questions about subscriptions, corrections and "
            "events. Get in touch with the team using the contact details below if anything is missing.</p>")


def ghost_site(articles) -> Site:
    base = "https://ledger.example.com"
    site = Site("cell-line-ledger", base, {"sitemaps": [f"{base}/sitemap.xml"]},
                ["Join the discussion", "Sign up for Cell Line Ledger", "Read more", "min read", "Powered by Ghost"])
    article_t, page_t = _template("ghost", "article.html"), _template("ghost", "page.html")
    posts = []
    for article in articles:
        url = f"{base}/{article.slug}/"
        related = "".join(f'<a href="/{a.slug}/">{escape(a.title)}</a>' for a in articles[:3] if a is not article)
        site.add(url, article_t.substitute(_common(article, url), related=related))
        site.articles[url] = article
        posts.append(f"<url><loc>{url}</loc><lastmod>{article.published.isoformat()}</lastmod></url>")
    pages = []
    for slug, title in (("about", "About Cell Line Ledger"), ("what-we-cover-and-why", "What we cover and why"),
                        ("membership-and-sponsorship-options", "Membership and sponsorship options")):
        url = f"{base}/{slug}/"
        site.add(url, page_t.substitute(title=title, title_json=title, paragraphs=_filler(title) * 2))
        site.non_articles.append(url)
        pages.append(f"<url><loc>{url}</loc><lastmod>2025-01-05T10:00:00.000Z</lastmod></url>")
    urlset = '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{}</urlset>'
    site.add(f"{base}/sitemap-posts.xml", urlset.format("".join(posts)), "text/xml")
    site.add(f"{base}/sitemap-pages.xml", urlset.format("".join(pages)), "text/xml")
    site.add(f"{base}/sitemap-tags.xml", urlset.format(f"<url><loc>{base}/tag/manufacturing/</loc></url>"), "text/xml")
    site.add(f"{base}/sitemap.xml", '<?xml version="1.0" encoding="UTF-8"?><sitemapindex '
             'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">' + "".join(
                 f"<sitemap><loc>{base}/sitemap-{k}.xml</loc></sitemap>" for k in ("pages", "posts", "tags")) +
             "</sitemapindex>", "text/xml")
    site.add(f"{base}/tag/manufacturing/", page_t.substitute(title="Manufacturing", title_json="Manufacturing",
                                                             paragraphs=_filler("Manufacturing stories.")))
    site.add(f"{base}/robots.txt", _template("ghost", "robots.txt").substitute(base=base), "text/plain")
    return site


def aem_site(articles) -> Site:
    base = "https://www.halvard.example"
    root = "/content/halvard/en/newsroom/press-releases"
    site = Site("halvard-newsroom", base, {"listings": [f"{base}{root}.html"]},
                ["About Halvard Pharma Services", "Media enquiries", "press.office@", "All rights reserved",
                 "Privacy notice"])
    article_t, page_t, listing_t = (_template("aem", n) for n in ("article.html", "page.html", "listing.html"))
    items = []
    for article in articles:
        url = f"{base}{root}/{article.published:%Y}/{article.slug}.html"
        site.add(url, article_t.substitute(_common(article, url), day_dmy=f"{article.published:%d/%m/%Y}"))
        site.articles[url] = article
        items.append(f'<li class="cmp-list__item"><a class="cmp-list__item-link" href="{url}">'
                     f'<span class="cmp-list__item-title">{escape(article.title)}</span></a>'
                     f'<span class="cmp-list__item-date">{article.published:%d/%m/%Y}</span></li>')
    kit = f"{base}{root}/2024/media-kit-and-logo-downloads.html"
    items.insert(2, f'<li class="cmp-list__item"><a href="{kit}">Media kit and logo downloads</a></li>')
    site.add(kit, page_t.substitute(title="Media kit and logo downloads", paragraphs=_filler("Logos and photos.")))
    site.non_articles.append(kit)
    for slug in ("about-us", "careers"):
        site.add(f"{base}/content/halvard/en/{slug}.html", page_t.substitute(title=slug.title(), paragraphs=_filler(slug)))
        site.non_articles.append(f"{base}/content/halvard/en/{slug}.html")
    per_page = 6
    chunks = [items[i:i + per_page] for i in range(0, len(items), per_page)]
    for number, chunk in enumerate(chunks, start=1):
        links = " ".join(f'<a class="cmp-list__page" href="{root}.html?page={n}">{n}</a>' if n != number else f"<b>{n}</b>"
                         for n in range(1, len(chunks) + 1))
        if number < len(chunks):
            links += f' <a class="cmp-list__page--next" href="{root}.html?page={number + 1}">Next</a>'
        url = f"{base}{root}.html" + ("" if number == 1 else f"?page={number}")
        site.add(url, listing_t.substitute(items="".join(chunk), pager=links))
    site.add(f"{base}/robots.txt", _template("aem", "robots.txt").substitute(), "text/plain")
    return site


def hugo_site(articles) -> Site:
    base = "https://downstream.example.net"
    site = Site("downstream-notes", base, {"feeds": [f"{base}/index.xml"], "listings": [f"{base}/posts/"]},
                ["Tags:", "Built with Hugo", "independent newsletter"])
    article_t, page_t = _template("hugo", "article.html"), _template("hugo", "page.html")
    items = []
    for article in articles:
        url = f"{base}/posts/{article.published:%Y/%m}/{article.slug}/"
        site.add(url, article_t.substitute(_common(article, url), related=f'<a href="{base}/posts/">All posts</a>'))
        site.articles[url] = article
        items.append(f"<item><title>{escape(article.title)}</title><link>{url}</link>"
                     f"<pubDate>{article.published:%a, %d %b %Y %H:%M:%S %z}</pubDate><guid>{url}</guid>"
                     f"<description>{escape(article.dek)}</description></item>")
    for slug in ("about", "summer-reading-list-for-process-engineers"):
        url = f"{base}/{slug}/"
        site.add(url, page_t.substitute(title=slug.replace("-", " ").title(), paragraphs=_filler(slug) * 2))
        site.non_articles.append(url)
        items.append(f"<item><title>{slug}</title><link>{url}</link><pubDate>Mon, 06 Jan 2025 10:00:00 +0000</pubDate></item>")
    site.add(f"{base}/index.xml", '<?xml version="1.0" encoding="utf-8" standalone="yes"?><rss version="2.0" '
             f'xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>Downstream Notes</title><link>{base}/</link>'
             f'<description>Recent content</description><generator>Hugo</generator>{"".join(items)}</channel></rss>',
             "application/rss+xml")
    half = len(articles) // 2
    for number, chunk in enumerate((articles[:half], articles[half:]), start=1):
        links = "".join(f'<li><a href="/posts/{a.published:%Y/%m}/{a.slug}/">{escape(a.title)}</a></li>' for a in chunk)
        pager = '<a href="/posts/page/2/">Older posts</a>' if number == 1 else '<a href="/posts/">Newer posts</a>'
        url = f"{base}/posts/" if number == 1 else f"{base}/posts/page/2/"
        site.add(url, page_t.substitute(title="Posts", paragraphs=f"<ul>{links}</ul>"
                                        f'<a href="/tags/biologics/">biologics</a> {pager}'))
    site.add(f"{base}/tags/biologics/", page_t.substitute(title="Biologics", paragraphs=_filler("Tag page.")))
    site.add(f"{base}/robots.txt", _template("hugo", "robots.txt").substitute(), "text/plain")
    return site


def aspnet_site(articles) -> Site:
    base = "http://www.orbis-biochem.example"
    site = Site("orbis-news", base, {"listings": [f"{base}/News.aspx"]},
                ["About Orbis Biochemicals", "For more information contact", "Back to News", "Copyright",
                 "ir@orbis.example"])
    article_t, page_t, listing_t = (_template("aspnet", n) for n in ("article.html", "page.html", "listing.html"))
    rows = []
    for number, article in enumerate(articles, start=100):
        url = f"{base}/NewsDetail.aspx?id={number}"
        site.add(url, article_t.substitute(_common(article, url), id=number,
                                           day_long=f"{article.published:%A, %B %d, %Y}"))
        site.articles[url] = article
        rows.append(f'<tr><td class="gridDate">{article.published:%m/%d/%Y}</td><td><a href="NewsDetail.aspx?id={number}">'
                    f"{escape(article.title)}</a></td></tr>")
    rows.insert(1, '<tr><td></td><td><a href="NewsPreview.aspx?id=999">Draft: upcoming announcement</a></td></tr>')
    for slug in ("AboutUs", "Contact", "Products", "Quality"):
        site.add(f"{base}/{slug}.aspx", page_t.substitute(title=slug, paragraphs=_filler(slug)))
    chunks = [rows[i:i + 8] for i in range(0, len(rows), 8)]
    for number, chunk in enumerate(chunks, start=1):
        pager = " ".join(f'<a href="News.aspx?page={n}">{n}</a>' if n != number else f"<span>{n}</span>"
                         for n in range(1, len(chunks) + 1))
        if number < len(chunks):
            pager += f' <a href="News.aspx?page={number + 1}">Next &gt;</a>'
        url = f"{base}/News.aspx" + ("" if number == 1 else f"?page={number}")
        site.add(url, listing_t.substitute(items="".join(chunk), pager=pager))
    site.add(f"{base}/NewsPreview.aspx?id=999", article_t.substitute(
        _common(articles[0], f"{base}/NewsPreview.aspx?id=999"), id=999, day_long="Monday, January 6, 2025"))
    site.add(f"{base}/robots.txt", _template("aspnet", "robots.txt").substitute(), "text/plain")
    return site


ORGS = ("Samsung Biologics Co Ltd", "Lonza Group AG", "Fujifilm Diosynth Biotechnologies UK Limited")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def wordpress_site(articles) -> Site:
    """A WordPress trade-press site registered by its home URL alone (its feed and sitemap are found from the home
    page and robots.txt): dated posts with Yoast metadata, undated posts from an old theme (some in the feed, the
    rest only in the sitemap), and the listing traps WordPress puts in its sitemaps: category, tag, author and
    company archives (marked og:type article by the theme), paginated ones included."""
    base = "https://fillfinish.example.com"
    site = Site("fill-finish-weekly", base, {},
                ["Proudly powered by WordPress", "Leave a Reply", "Recent Posts", "Posted in", "Continue reading",
                 "Companies:"])
    article_t, undated_t, archive_t, card_t = (_template("wordpress", n) for n in (
        "article.html", "article_undated.html", "archive.html", "card.html"))
    author = "Mary Ann Smith-Jones"
    urls = [f"{base}/{a.published:%Y/%m}/{a.slug}/" for a in articles]
    cards = []
    for number, (article, url) in enumerate(zip(articles, urls, strict=True)):
        org = ORGS[number % len(ORGS)]
        fields = _common(article, url) | {
            "id": 1000 + number, "author": escape(author), "author_json": author, "author_slug": _slug(author),
            "org": escape(org), "org_slug": _slug(org),
            "related": "".join(f'<a href="{u}">{escape(a.title)}</a>' for a, u in zip(articles[:2], urls[:2], strict=True)
                               if a is not article),
            "related_list": "".join(f'<li><a href="{u}">{escape(a.title)}</a></li>'
                                    for a, u in zip(articles[:5], urls[:5], strict=True) if a is not article)}
        undated = number % 3 == 1
        site.add(url, (undated_t if undated else article_t).substitute(fields))
        site.articles[url] = article
        in_feed = number < 8
        if undated and not in_feed:
            site.dates[url] = None
        excerpt = escape(" ".join(" ".join(article.paragraphs).split()[:55])) + " [&hellip;]"
        cards.append(card_t.substitute(fields, excerpt=excerpt))
    feed_items = "".join(
        f"<item><title>{escape(a.title)}</title><link>{u}</link><dc:creator>{author}</dc:creator>"
        f"<pubDate>{a.published:%a, %d %b %Y %H:%M:%S %z}</pubDate><description>{escape(a.dek)}</description></item>"
        for a, u in list(zip(articles, urls, strict=True))[:8])
    site.add(f"{base}/feed/", '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
             'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Fill Finish Weekly</title>'
             f"<link>{base}</link><description>CDMO news</description>{feed_items}</channel></rss>", "application/rss+xml")

    def archive(url: str, heading: str, intro: str, chunk: list[str], pager: str = "", body_class: str = "") -> None:
        site.add(url, archive_t.substitute(heading=escape(heading), intro=intro, cards="".join(chunk), url=url,
                                           pager=pager, body_class=body_class))
        site.non_articles.append(url)

    category = f"{base}/category/contract-development-and-manufacturing/"
    archive(category, "Category: Contract development and manufacturing",
            "<p>News about contract development and manufacturing organisations.</p>", cards[:6],
            f'<a class="next page-numbers" href="{category}page/2/">Next</a>', "category")
    archive(f"{category}page/2/", "Category: Contract development and manufacturing", "", cards[6:12])
    archive(f"{base}/tag/biologics/", "Tag: biologics", "", cards[:5], f'<a href="{base}/tag/biologics/page/2/">2</a>')
    archive(f"{base}/tag/biologics/page/2/", "Tag: biologics", "", cards[5:10])
    archive(f"{base}/author/{_slug(author)}/", f"Author: {author}",
            f"<p>{escape(author)} covers fill-finish, sterile injectables and the contract manufacturers that make "
            "them for Fill Finish Weekly, and has written about the industry for more than ten years from London "
            "and Boston. Before that she worked in quality assurance at a sterile manufacturing site.</p>", cards,
            body_class="author")
    for number, org in enumerate(ORGS):
        archive(f"{base}/news/org/{_slug(org)}/", org,
                f"<p>{escape(org)} is a contract development and manufacturing organisation with plants in several "
                "countries. It makes biologics and small molecules for drug developers and runs clinical and "
                "commercial programmes for them. These are our stories about the company, newest first.</p>",
                cards[number::len(ORGS)], body_class="tax-org")
    archive(f"{base}/", "Fill Finish Weekly", "", cards[:10], body_class="home")
    site.add(f"{base}/about/", archive_t.substitute(heading="About", intro=_filler("About us."), cards="",
                                                     url=f"{base}/about/", pager="", body_class="page"))
    site.non_articles.append(f"{base}/about/")
    urlset = '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{}</urlset>'
    posts = "".join(f"<url><loc>{u}</loc></url>" for u in urls)
    traps = "".join(f"<url><loc>{u}</loc></url>" for u in site.non_articles)
    site.add(f"{base}/wp-sitemap-posts-post-1.xml", urlset.format(posts), "application/xml")
    site.add(f"{base}/wp-sitemap-taxonomies-1.xml", urlset.format(traps), "application/xml")
    site.add(f"{base}/wp-sitemap.xml", '<?xml version="1.0" encoding="UTF-8"?><sitemapindex '
             'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">' + "".join(
                 f"<sitemap><loc>{base}/wp-sitemap-{k}-1.xml</loc></sitemap>" for k in ("posts-post", "taxonomies")) +
             "</sitemapindex>", "application/xml")
    site.add(f"{base}/robots.txt", _template("wordpress", "robots.txt").substitute(base=base), "text/plain")
    return site


@pytest.fixture(scope="module")
def crawled(demo_corpus, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("unseen")
    builders = (ghost_site, aem_site, hugo_site, aspnet_site, wordpress_site)
    # Different demo articles for each site, across sites and years.
    sites = [build(demo_corpus[i::len(builders)][:PER_SITE]) for i, build in enumerate(builders)]
    with FixtureMirror() as mirror:
        for site in sites:
            for url, (body, content_type) in site.pages.items():
                mirror.set(url, body, content_type=content_type)
        sources = tmp / "sources.yaml"
        sources.write_text(yaml.safe_dump({"sources": [
            {"name": s.name, "kind": "newsroom", "home": s.base + "/", **s.entry} for s in sites]}))
        out, summary = tmp / "raw.jsonl", tmp / "summary.json"
        completed = subprocess.run(
            [sys.executable, "-m", "flows.cli", "crawl", "--sources", str(sources), "--out", str(out), "--summary", str(summary),
             "--fast", "--replay", mirror.url, "--state-dir", str(tmp / "state")],
            capture_output=True, text=True, timeout=600,
        )
        requested = list(mirror.requested)
    assert completed.returncode == 0, completed.stderr
    records = [json.loads(line) for line in out.read_text().splitlines()]
    return sites, records, requested, json.loads(summary.read_text())


def _first_sentence(text: str) -> str:
    return re.split(r"(?<=[.!?])\s+(?=[A-Z\"“])", text.strip(), maxsplit=1)[0]


def _matched(sites, records):
    by_url = {r["url"]: r for r in records} | {r["canonical_url"]: r for r in records}
    return [(site, article, by_url.get(url)) for site in sites for url, article in site.articles.items()]


def test_article_recall(crawled):
    sites, records, _, _ = crawled
    pairs = _matched(sites, records)
    found = sum(1 for *_, record in pairs if record)
    assert found / len(pairs) >= 0.95, [a.title for _, a, r in pairs if r is None]


def test_no_non_article_page_collected(crawled):
    sites, records, _, _ = crawled
    expected = {url for site in sites for url in site.articles}
    collected = {r["url"] for r in records}
    assert collected <= expected, collected - expected
    assert not collected & {url for site in sites for url in site.non_articles}


def test_titles_and_dates(crawled):
    sites, records, _, _ = crawled
    pairs = [(a, r, _expected_day(site, a, r)) for site, a, r in _matched(sites, records) if r]
    titles = sum(r["title"] == a.title for a, r, _ in pairs) / len(pairs)
    # A missing date where the page, its feed and its sitemap show none counts as right; an invented one is wrong.
    dates = sum((r["published"] or None) and r["published"][:10] == day or r["published"] is day is None
                for a, r, day in pairs) / len(pairs)
    assert titles >= 0.95, [(a.title, r["title"]) for a, r, _ in pairs if r["title"] != a.title]
    assert dates >= 0.95, [(day, r["published"], r["url"]) for a, r, day in pairs
                           if (r["published"] or "")[:10] != (day or "")]


def _expected_day(site: Site, article, record: dict) -> str | None:
    url = record["url"] if record["url"] in site.articles else record["canonical_url"]
    return site.dates[url] if url in site.dates else article.published.date().isoformat()


def test_undated_stories_are_kept_and_marked_first_seen(crawled):
    sites, records, _, _ = crawled
    undated = {url for site in sites for url, day in site.dates.items() if day is None}
    by_url = {r["url"]: r for r in records}
    assert undated and all(url in by_url for url in undated), undated - set(by_url)
    assert {by_url[url]["date_source"] for url in undated} == {"first-seen"}
    assert all(r["date_source"] in ("page", "feed", "sitemap") for url, r in by_url.items() if url not in undated)


def test_body_has_first_sentence_and_no_boilerplate(crawled):
    sites, records, _, _ = crawled
    for site, article, record in _matched(sites, records):
        if record is None:
            continue
        assert _first_sentence(article.paragraphs[0]) in record["text"], record["url"]
        assert article.paragraphs[-1][-60:] in record["text"], record["url"]
        leaked = [b for b in site.boilerplate if b in record["text"]]
        assert not leaked, (record["url"], leaked)


def test_zero_robots_violations(crawled):
    sites, _, requested, summary = crawled
    agent = BASE_SETTINGS["ROBOTSTXT_USER_AGENT"]
    for site in sites:
        host = site.base.split("://", 1)[1]
        robots = Protego.parse(site.pages[f"{site.base}/robots.txt"][0])
        for key in (k for k in requested if k.startswith(host + "/")):
            assert robots.can_fetch("https://" + key, agent), f"fetched a disallowed URL: {key}"
    assert {s["source"]: s["status"] for s in summary["sources"]} == {s.name: "ok" for s in sites}
