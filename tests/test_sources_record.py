"""Issue 17, item 7: `radar sources record` saves a source's live pages as a recorded fixture folder, and the
registry's replay path (fixture checks, golden, mirror crawl) takes that folder as it takes a hand-written one.

The "live site" is a local one on 127.0.0.1: robots.txt disallowing /private/, an RSS feed (one link behind a
301), a sitemap sent gzip-encoded, a paginated listing with an about page, dated and undated stories.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from html import escape
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from crawlers.goldens import build_golden, crawl_fixtures, fixture_problems
from crawlers.recording import MANIFEST, read_manifest
from crawlers.replay_server import FixtureMirror, load_routes
from crawlers.sources import load_sources
from flows.cli import main
from tests.helpers.local_site import serve
from tests.helpers.source_checks import check_clean_crawl, check_output_matches_golden, check_robots_obeyed

pytestmark = pytest.mark.server

NAME = "local-news"
ARTICLES = 3
PARAGRAPH = ("{name} said it would add a production line at its plant for biologics, a project that will create "
             "about ninety jobs when it is completed. The company expects inspections within eighteen months, and "
             "customers have already reserved much of the new capacity, executives said on a call with analysts.")
STORIES = ["alpha-pharma-adds-a-line", "beta-bio-opens-a-plant", "gamma-cdmo-hires-a-chief",
           "delta-labs-doubles-output", "epsilon-biologics-buys-a-site"]


def story(slug: str, dated: bool) -> bytes:
    name = slug.split("-")[0].title()
    when = "<p class='date'><time datetime='2025-03-03T09:00:00Z'>March 3, 2025</time></p>" if dated else ""
    paragraphs = "".join(f"<p>{PARAGRAPH.format(name=n)}</p>" for n in (name, "It", "The site"))
    return (f"<html lang='en'><head><title>{escape(slug)}</title></head><body><nav><a href='/about-us/'>About us"
            f"</a></nav><article><h1>{name} news: {slug.replace('-', ' ')}</h1>{when}{paragraphs}</article>"
            "</body></html>").encode()


class Site:
    """The local site; `requested` lists every path asked for."""

    def __init__(self) -> None:
        self.requested: list[str] = []
        self.server = serve(self.respond)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"

    def respond(self, path: str) -> tuple[int, dict[str, str], bytes]:
        self.requested.append(path)
        html = {"Content-Type": "text/html; charset=utf-8"}
        if path == "/robots.txt":
            return 200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /private/\n"
        if path == "/feed/":
            links = [f"{self.base}/old/{STORIES[0]}", f"{self.base}/private/secret-deal",
                     *(f"{self.base}/news/{slug}" for slug in STORIES[1:3])]
            items = "".join(f"<item><title>{i}</title><link>{link}</link><pubDate>Mon, 03 Mar 2025 09:00:00 +0000"
                            "</pubDate></item>" for i, link in enumerate(links))
            return 200, {"Content-Type": "application/rss+xml"}, \
                f'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>{items}</channel></rss>'.encode()
        if path == "/sitemap.xml":
            urls = "".join(f"<url><loc>{self.base}/news/{slug}</loc></url>" for slug in STORIES[3:])
            body = ('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                    f"{urls}</urlset>").encode()
            return 200, {"Content-Type": "application/xml", "Content-Encoding": "gzip"}, gzip.compress(body)
        if path in ("/news/", "/news/?page=2"):
            slugs = STORIES[:3] if path == "/news/" else STORIES[3:]
            pager = "<a rel='next' href='/news/?page=2'>Next</a>" if path == "/news/" else ""
            links = "".join(f"<li><a href='/news/{slug}'>{slug.replace('-', ' ')}</a></li>" for slug in slugs)
            return 200, html, f"<html><body><h1>News</h1><ul>{links}</ul>{pager}</body></html>".encode()
        if path == f"/old/{STORIES[0]}":
            return 301, {"Location": f"{self.base}/news/{STORIES[0]}"}, b""
        if path.startswith("/news/") and path[len("/news/"):] in STORIES:
            slug = path[len("/news/"):]
            headers = {**html, "Last-Modified": "Mon, 03 Mar 2025 10:00:00 GMT"}
            return 200, headers, story(slug, dated=slug != STORIES[1])
        if path == "/about-us/":
            return 200, html, b"<html><body><h1>About us</h1><p>We write about plants.</p></body></html>"
        return 404, html, b"<html><body>Not found</body></html>"

    def sources_file(self, folder: Path) -> Path:
        path = folder / "sources.yaml"
        path.write_text(yaml.safe_dump({"sources": [{
            "name": NAME, "kind": "trade_press", "home": f"{self.base}/", "feeds": [f"{self.base}/feed/"],
            "sitemaps": [f"{self.base}/sitemap.xml"], "listings": [f"{self.base}/news/"], "max_pages": 3}]}))
        return path

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def recording(tmp_path_factory):
    """The site recorded once, then shut down: everything after reads the recording only."""
    root = tmp_path_factory.mktemp("recorded")
    site = Site()
    try:
        sources = site.sources_file(root)
        out = root / "fixtures" / NAME
        result = CliRunner().invoke(main, ["sources", "record", NAME, "--out", str(out), "--articles", str(ARTICLES),
                                           "--sources", str(sources), "--fast"])
    finally:
        site.close()
    return {"root": root, "sources": sources, "out": out, "result": result, "requested": list(site.requested),
            "base": site.base}


def test_record_saves_robots_entry_points_and_a_few_articles(recording):
    assert recording["result"].exit_code == 0, recording["result"].output
    manifest = read_manifest(recording["out"])
    kinds = [page.kind for page in manifest.pages]
    assert kinds.count("robots") == 1 and kinds.count("feed") == 1 and kinds.count("sitemap") == 1
    assert kinds.count("listing") == 2  # the listing and its second page
    assert 1 <= kinds.count("article") and kinds.count("article") + kinds.count("page") <= ARTICLES
    assert manifest.source == NAME and manifest.articles_asked == ARTICLES
    output = recording["result"].output
    assert f"{NAME}: {len(manifest.pages)} page(s)" in output and "robots.txt" in output
    for page in manifest.pages:
        assert page.url in output
        if page.file:
            assert page.file.endswith((".html.gz", ".xml.gz", ".txt.gz"))
            body = gzip.decompress((recording["out"] / page.file).read_bytes())
            assert hashlib.sha256(body).hexdigest() == page.sha256 and len(body) == page.bytes
    articles = [p for p in manifest.pages if p.kind == "article"]
    assert all(p.content_type.startswith("text/html") and p.status == 200 for p in articles)
    assert all(p.date_source for p in articles)
    assert any(p.published and p.published.startswith("2025-03-03") for p in articles)


def test_record_keeps_to_the_crawlers_politeness(recording):
    assert recording["requested"][0] == "/robots.txt"
    assert not any(path.startswith("/private/") for path in recording["requested"])
    manifest = read_manifest(recording["out"])
    assert not any("/private/" in page.url for page in manifest.pages)
    sitemap = next(p for p in manifest.pages if p.kind == "sitemap")
    body = gzip.decompress((recording["out"] / sitemap.file).read_bytes())
    assert body.startswith(b"<?xml")  # stored as the crawler read it: the transfer's gzip undone


def test_a_redirect_is_recorded_as_one(recording):
    pages = {p.url: p for p in read_manifest(recording["out"]).pages}
    moved = pages.get(f"{recording['base']}/old/{STORIES[0]}")
    if moved is None:
        pytest.skip("the capped recording did not reach the redirected story")
    assert moved.kind == "redirect" and moved.status == 301 and moved.location.endswith(f"/news/{STORIES[0]}")


def test_the_replay_path_takes_a_recording(recording):
    fixtures, sources = recording["out"].parent, recording["sources"]
    [source] = load_sources(sources)
    routes = load_routes(recording["out"])
    # The golden, as `python -m crawlers.goldens --only NAME` builds it, with the snippets a reviewer adds.
    first = crawl_fixtures(sources, fixtures, only=[NAME])
    golden = build_golden(first.records.get(NAME, []), first.summary.get(NAME, {}), {})
    assert golden["articles"], first.summary
    for article in golden["articles"]:
        article["must_contain"] = [article["text"].split(".")[0]]
        article["must_not_contain"] = ["About us"]
    golden["not_collected"] = [f"{recording['base']}/about-us/"]
    (recording["out"] / "golden.json").write_text(json.dumps(golden, indent=2))
    assert fixture_problems(source, fixtures) == []

    crawl = crawl_fixtures(sources, fixtures, only=[NAME])
    check_output_matches_golden(crawl, NAME, golden)
    check_clean_crawl(crawl, NAME, golden, routes, recorded=True)
    check_robots_obeyed(crawl, FixtureMirror(fixtures).routes)
    recorded_articles = {p.url for p in read_manifest(recording["out"]).pages if p.kind == "article"}
    assert {r["url"] for r in crawl.records[NAME]} == recorded_articles


def test_a_damaged_recording_is_refused_naming_the_file(recording, tmp_path):
    copy = tmp_path / NAME
    copy.mkdir()
    manifest = read_manifest(recording["out"])
    for page in manifest.pages:
        if page.file:
            (copy / page.file).write_bytes((recording["out"] / page.file).read_bytes())
    (copy / MANIFEST).write_text((recording["out"] / MANIFEST).read_text())
    victim = next(p for p in manifest.pages if p.kind == "article")
    (copy / victim.file).write_bytes(gzip.compress(b"<html>edited</html>"))
    with pytest.raises(ValueError, match=f"{victim.file}: does not match the sha256 recorded for"):
        load_routes(copy)
    [source] = load_sources(recording["sources"])
    assert "does not match the sha256" in fixture_problems(source, tmp_path)[0]


def test_record_refuses_a_hand_written_folder_and_an_unknown_name(recording, tmp_path):
    imitation = tmp_path / "imitation"
    imitation.mkdir()
    (imitation / "routes.yaml").write_text("{}\n")
    result = CliRunner().invoke(main, ["sources", "record", NAME, "--out", str(imitation),
                                       "--sources", str(recording["sources"])])
    assert result.exit_code == 2
    assert "holds a hand-written imitation (routes.yaml)" in result.output and len(result.output.splitlines()) == 1
    result = CliRunner().invoke(main, ["sources", "record", "nowhere", "--out", str(tmp_path / "x"),
                                       "--sources", str(recording["sources"])])
    assert result.exit_code == 2 and "no source named 'nowhere'" in result.output


def test_a_new_recording_replaces_the_old_one_but_keeps_the_golden(recording, tmp_path):
    from crawlers.record import prepare_folder

    stray = tmp_path / "stray"
    stray.mkdir()
    (stray / "notes.txt").write_text("mine")
    with pytest.raises(ValueError, match="not empty and not an earlier recording"):
        prepare_folder(stray)
    again = tmp_path / NAME
    again.mkdir()
    for path in recording["out"].iterdir():
        (again / path.name).write_bytes(path.read_bytes())
    (again / "golden.json").write_text("{}")
    prepare_folder(again)
    assert [p.name for p in again.iterdir()] == ["golden.json"]
