"""The crawler against a badly behaved site on 127.0.0.1: header-only encodings, gzip, broken HTML, empty and
huge bodies, slow pages, 5xx answers, 404s, redirects, off-domain and robots-disallowed links.
One real crawl (`radar crawl`) over HTTP; each test checks one behaviour of it."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import threading

import pytest
import yaml

from tests.helpers.local_site import serve

PARAGRAPHS = [
    "{name} said on Tuesday that it would add a second production line at its plant, a project worth about "
    "forty million euros that will employ ninety people when it opens.",
    "The company expects regulators to inspect the line within eighteen months and plans to run clinical and "
    "commercial batches side by side once the equipment has been qualified.",
    "Executives said demand from mid-sized biotech customers had grown faster than expected this year, and that "
    "the new capacity was largely committed before construction had even started.",
]


def article(name: str, slug: str, date: str, extra_body: str = "", charset_meta: bool = True) -> str:
    body = "".join(f"<p>{p.format(name=name)}</p>" for p in PARAGRAPHS)
    meta = '<meta charset="utf-8">' if charset_meta else ""
    return (
        f"<!DOCTYPE html><html lang='en'><head>{meta}<title>{name} adds a line | Tricky Times</title>"
        f'<meta property="og:type" content="article"><meta property="article:published_time" content="{date}">'
        f"</head><body><nav><a href='/'>Tricky Times</a></nav><article><h1>{name} adds a line</h1>"
        f"{body}{extra_body}</article><footer>Tricky Times footer</footer></body></html>"
    )


class TrickySite:
    """Routes by path; every request is recorded (path, time) for the assertions."""

    def __init__(self) -> None:
        self.hits: list[str] = []
        self.lock = threading.Lock()
        self.failures_left = {"/flaky-503-then-ok": 1}

    def respond(self, path: str) -> tuple[int, dict[str, str], bytes]:
        with self.lock:
            self.hits.append(path)
        html = "text/html; charset=utf-8"
        if path == "/robots.txt":
            return 200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /private/\n"
        if path == "/feed.xml":
            return 200, {"Content-Type": "application/rss+xml"}, self.feed().encode()
        if path == "/latin1-header-only-story":
            # charset only in the HTTP header; the bytes are ISO-8859-1 and the page declares nothing.
            page = article("Société Chimique Münster", "x", "2025-03-04T09:00:00+01:00", charset_meta=False)
            page = page.replace("</article>", "<p>Le café de l’usine reste ouvert à Zürich.</p></article>")
            return 200, {"Content-Type": "text/html; charset=iso-8859-1"}, page.replace("’", "'").encode("latin-1")
        if path == "/gzip-story":
            data = gzip.compress(article("Gzip Pharma", "x", "2025-03-05T09:00:00+00:00").encode())
            return 200, {"Content-Type": html, "Content-Encoding": "gzip"}, data
        if path == "/broken-html-story":
            page = article("Broken Markup Bio", "x", "2025-03-06T09:00:00+00:00")
            page = page.replace("</p>", "").replace("</article>", "<div><span><b>").replace("</html>", "")
            return 200, {"Content-Type": html}, page.encode()
        if path == "/empty-story":
            return 200, {"Content-Type": html}, b""
        if path == "/huge-story":
            # An endless comment thread after the story: 6 MB, three times the page cap.
            comment = "<div class='comment'><p>Great filler text, thanks for sharing this news about the plant!</p></div>\n"
            page = article("Huge Page Biologics", "x", "2025-03-07T09:00:00+00:00",
                           extra_body="<section class='comments'>" + comment * 60000 + "</section>")
            return 200, {"Content-Type": html}, page.encode()
        if path == "/slow-story":
            threading.Event().wait(1.5)  # the server is slow; the crawler must wait for it
            return 200, {"Content-Type": html}, article("Slow Server Labs", "x", "2025-03-08T09:00:00+00:00").encode()
        if path == "/flaky-503-then-ok":
            with self.lock:
                if self.failures_left[path] > 0:
                    self.failures_left[path] -= 1
                    return 503, {"Content-Type": html}, b"<html><body>busy</body></html>"
            return 200, {"Content-Type": html}, article("Retry Bio", "x", "2025-03-09T09:00:00+00:00").encode()
        if path == "/always-503-story":
            return 503, {"Content-Type": html}, b"<html><body>down</body></html>"
        if path == "/old-address-story":
            return 301, {"Location": "/moved/new-address-story", "Content-Type": html}, b""
        if path == "/moved/new-address-story":
            page = article("Redirected Pharma", "x", "2025-03-10T09:00:00+00:00")
            return 200, {"Content-Type": html}, page.encode()
        if path == "/report-file-2025.pdf-download-story":
            return 200, {"Content-Type": "application/pdf"}, b"%PDF-1.4 binary"
        if path == "/chart-image-2025-download-story":
            return 200, {"Content-Type": "image/png"}, b"\x89PNG\r\n\x1a\n binary"
        if path == "/private/secret-plan-story":
            return 200, {"Content-Type": html}, article("Secret", "x", "2025-03-11T09:00:00+00:00").encode()
        if path == "/tracked-story":
            return 200, {"Content-Type": html}, article("Tracked Biotech", "x", "2025-03-12T09:00:00+00:00").encode()
        return 404, {"Content-Type": html}, b"<html><body><h1>Not found</h1></body></html>"

    def feed(self) -> str:
        links = [
            "/latin1-header-only-story", "/gzip-story", "/broken-html-story", "/empty-story", "/huge-story",
            "/slow-story", "/flaky-503-then-ok", "/always-503-story", "/old-address-story", "/missing-story",
            "/report-file-2025.pdf-download-story", "/chart-image-2025-download-story", "/private/secret-plan-story", "/tracked-story",
            "/tracked-story?utm_source=rss&utm_medium=feed", "http://elsewhere.invalid/off-domain-story",
        ]
        items = "".join(
            f"<item><title>t</title><link>{link if link.startswith('http') else self.base + link}</link></item>"
            for link in links
        )
        return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Tricky</title>{items}</channel></rss>'


@pytest.fixture(scope="module")
def crawl(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("tricky")
    site = TrickySite()
    server = serve(site.respond)
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    sources = tmp / "sources.yaml"
    sources.write_text(yaml.safe_dump({"sources": [
        {"name": "tricky", "kind": "trade_press", "home": site.base + "/", "feeds": [site.base + "/feed.xml"]},
    ]}))
    out, summary = tmp / "raw.jsonl", tmp / "summary.json"
    try:
        completed = subprocess.run(
            [sys.executable, "-m", "flows.cli", "crawl", "--sources", str(sources), "--out", str(out), "--summary",
             str(summary), "--fast", "--state-dir", str(tmp / "state")],
            capture_output=True, text=True, timeout=300,
        )
    finally:
        server.shutdown()
        server.server_close()
    assert completed.returncode == 0, completed.stderr
    records = {r["url"].split("/", 3)[3]: r for r in map(json.loads, out.read_text().splitlines())}
    return records, json.loads(summary.read_text())["sources"][0], site, completed.stderr


def test_encoding_declared_only_in_the_http_header(crawl):
    records, *_ = crawl
    text = records["latin1-header-only-story"]["text"]
    assert "Société Chimique Münster said on Tuesday" in text
    assert "Le café de l'usine reste ouvert à Zürich." in text


def test_gzip_and_broken_html_are_read(crawl):
    records, *_ = crawl
    assert records["gzip-story"]["title"] == "Gzip Pharma adds a line"
    assert records["broken-html-story"]["text"].startswith("Broken Markup Bio said on Tuesday")
    assert "commercial batches side by side" in records["broken-html-story"]["text"]


def test_empty_body_is_skipped_with_a_reason(crawl):
    records, summary, _, stderr = crawl
    assert "empty-story" not in records
    assert summary["skipped"]["empty_body"] == 1
    assert summary["errors"].get("http_200") is None


def test_huge_page_is_capped_and_still_extracted(crawl):
    records, summary, *_ = crawl
    record = records["huge-story"]
    assert record["text"].startswith("Huge Page Biologics said on Tuesday")
    assert "filler text" not in record["text"]
    assert summary["pages_truncated"] == 1


def test_slow_page_is_waited_for(crawl):
    records, *_ = crawl
    assert "Slow Server Labs said on Tuesday" in records["slow-story"]["text"]


def test_5xx_is_retried_then_counted(crawl):
    records, summary, site, _ = crawl
    assert "flaky-503-then-ok" in records
    assert site.hits.count("/flaky-503-then-ok") == 2
    assert site.hits.count("/always-503-story") == 3  # the first try and RETRY_TIMES=2 retries
    assert summary["errors"]["http_503"] == 1


def test_404_is_an_error_of_its_kind(crawl):
    _, summary, *_ = crawl
    assert summary["errors"]["http_404"] == 1


def test_redirect_is_followed_and_the_final_url_kept(crawl):
    records, *_ = crawl
    record = records["moved/new-address-story"]
    assert record["canonical_url"].endswith("/moved/new-address-story")
    assert "old-address-story" not in records


def test_non_html_robots_and_off_domain_links_are_not_collected(crawl):
    records, summary, site, _ = crawl
    assert not any("pdf" in key or "image" in key or "private" in key for key in records)
    assert summary["skipped"]["not_html"] == 1
    # A PDF is read as a press release (crawlers/pdf_release.py); this one is no readable file.
    assert summary["skipped"]["bad_pdf"] == 1
    assert summary["skipped"]["robots_txt"] == 1
    assert summary["skipped"]["off_domain"] == 1
    assert "/private/secret-plan-story" not in site.hits


def test_one_article_collected_once_despite_tracking_parameters(crawl):
    records, summary, site, _ = crawl
    assert [k for k in records if k.startswith("tracked-story")] == ["tracked-story"]
    assert site.hits.count("/tracked-story") == 1
    assert summary["status"] == "ok"
    assert summary["articles"] == len(records) == 8
