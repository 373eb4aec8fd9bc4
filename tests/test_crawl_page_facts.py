"""Issue 17, item 5, over a local site: a paywalled teaser is kept and flagged, PDF releases linked from the
newsroom listing become records, the language comes from the text."""

from __future__ import annotations

import json
import subprocess
import sys

import yaml

from tests.helpers.local_site import serve
from tests.helpers.tiny_pdf import make_pdf

LEDE = ("Example CDMO said on Monday it would add two bioreactor lines at its plant near Basel, raising capacity for "
        "clinical and commercial batches of monoclonal antibodies for its biotech customers.")
MORE = "The company expects the lines to be qualified next year and to employ about eighty people at the site."
GERMAN = ["Der Auftragshersteller erweitert sein Werk bei Basel um zwei Bioreaktorlinien und schafft damit Kapazität "
          "für klinische und kommerzielle Chargen von monoklonalen Antikörpern für seine Kunden.",
          "Das Unternehmen rechnet damit, dass die neuen Linien im kommenden Jahr qualifiziert werden und am Standort "
          "rund achtzig Menschen beschäftigen, wie die Geschäftsleitung mitteilte.",
          "Ein großer Teil der neuen Kapazität ist nach Angaben des Unternehmens bereits von Kunden reserviert worden."]
RELEASE = ["Example CDMO opens a fill-finish plant in Lyon",
           "LYON, France, 21 November 2024 - Example CDMO said today it had opened a sterile fill-finish plant near "
           "Lyon, adding capacity for vials and prefilled syringes for its biotech customers in Europe.",
           "The plant employs about one hundred and twenty people and will run two isolator lines, the company said, "
           "with a third line planned for next year if demand from antibody developers keeps growing."]
UNDATED_RELEASE = ["Example CDMO signs a supply agreement for an antibody",
                   "Example CDMO said it had signed a supply agreement with a mid-sized biotech company for the "
                   "commercial manufacture of an antibody, with the first batches due from its plant near Lyon.",
                   "The contract runs for five years and covers drug substance and drug product, the contract "
                   "manufacturer said, without giving the value of the agreement or the customer's name.",
                   "Production is to start in the second half of next year once the process has been transferred "
                   "and the validation batches have been released."]


def _story(title: str, body: str, head: str = "", lang: str = "en") -> str:
    return (f"<html lang='{lang}'><head><title>{title} | Trade News</title>"
            "<meta property='og:type' content='article'>"
            f"<meta property='article:published_time' content='2025-03-04T08:00:00+00:00'>{head}</head><body>"
            f"<nav><a href='/'>Home</a> <a href='/news/'>News</a></nav><main><article><h1>{title}</h1>{body}"
            "</article></main><footer>Trade News, all rights reserved</footer></body></html>")


def test_teasers_pdf_releases_and_languages_over_a_local_site(tmp_path):
    locked = ('<script type="application/ld+json">{"@type":"NewsArticle","headline":"Wall Bio signs a supply deal",'
              '"isAccessibleForFree":"False"}</script>')
    full = "".join(f"<p>{LEDE if i % 2 == 0 else MORE}</p>" for i in range(8))
    listing = ("<html><body><h1>News</h1><ul>"
               "<li><a href='/news/example-cdmo-adds-two-lines-in-basel'>Example CDMO adds two lines</a></li>"
               "<li><a href='/news/wall-bio-signs-a-supply-deal'>Wall Bio signs a supply deal</a></li>"
               "<li><a href='/news/auftragshersteller-erweitert-werk-in-basel'>Werk in Basel</a></li>"
               "<li><a href='/files/lyon-plant.pdf'>Example CDMO opens a plant in Lyon (PDF)</a></li>"
               "<li><a href='/files/supply-agreement.pdf'>Supply agreement (PDF)</a></li>"
               "<li><a href='/files/broken.pdf'>Broken (PDF)</a></li>"
               "<li><a href='http://elsewhere.invalid/files/other-release.pdf'>Elsewhere (PDF)</a></li>"
               "</ul></body></html>")
    html = {"Content-Type": "text/html; charset=utf-8"}
    pdf = {"Content-Type": "application/pdf"}
    pages: dict[str, tuple[bytes, dict[str, str]]] = {
        "/robots.txt": (b"User-agent: *\nDisallow:\n", {"Content-Type": "text/plain"}),
        "/news/": (listing.encode(), html),
        "/news/example-cdmo-adds-two-lines-in-basel": (_story("Example CDMO adds two lines in Basel", full).encode(),
                                                       html),
        "/news/wall-bio-signs-a-supply-deal": (_story(
            "Wall Bio signs a supply deal", f"<p>{LEDE}</p><p>{MORE}</p>"
            "<div class='tp-container-inner'><p>Subscribe to continue reading.</p></div>", locked).encode(), html),
        "/news/auftragshersteller-erweitert-werk-in-basel": (_story(
            "Auftragshersteller erweitert Werk in Basel", "".join(f"<p>{p}</p>" for p in GERMAN)).encode(), html),
        "/files/lyon-plant.pdf": (make_pdf(RELEASE, created="D:20241120093000Z"), pdf),
        "/files/supply-agreement.pdf": (make_pdf(UNDATED_RELEASE, created="D:20241118150000Z"), pdf),
        "/files/broken.pdf": (b"%PDF-1.4\nthis file ends here", pdf),
    }

    def respond(path: str):
        if path in pages:
            body, headers = pages[path]
            return 200, headers, body
        return 404, html, b"<html><body>Not found</body></html>"

    server = serve(respond)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        sources = tmp_path / "sources.yaml"
        sources.write_text(yaml.safe_dump({"sources": [{
            "name": "facts", "kind": "trade_press", "home": base + "/", "listings": [base + "/news/"]}]}))
        out, summary = tmp_path / "raw.jsonl", tmp_path / "summary.json"
        completed = subprocess.run(
            [sys.executable, "-m", "flows.cli", "crawl", "--sources", str(sources), "--out", str(out), "--fast",
             "--summary", str(summary), "--state-dir", str(tmp_path / "state")],
            capture_output=True, text=True, timeout=300)
        assert completed.returncode == 0, completed.stderr
    finally:
        server.shutdown()
        server.server_close()
    records = {r["url"].rsplit("/", 1)[1]: r for r in map(json.loads, out.read_text().splitlines())}
    assert set(records) == {"example-cdmo-adds-two-lines-in-basel", "wall-bio-signs-a-supply-deal",
                            "auftragshersteller-erweitert-werk-in-basel", "lyon-plant.pdf", "supply-agreement.pdf"}

    teaser = records["wall-bio-signs-a-supply-deal"]
    assert teaser["is_teaser"] is True and LEDE in teaser["text"] and "Subscribe" not in teaser["text"]
    assert records["example-cdmo-adds-two-lines-in-basel"]["is_teaser"] is False

    assert records["auftragshersteller-erweitert-werk-in-basel"]["lang"] == "de"  # the markup says en
    assert records["example-cdmo-adds-two-lines-in-basel"]["lang"] == "en"

    lyon = records["lyon-plant.pdf"]
    assert lyon["title"] == RELEASE[0]
    assert lyon["text"].startswith("LYON, France, 21 November 2024") and "isolator lines" in lyon["text"]
    assert (lyon["published"], lyon["date_source"]) == ("2024-11-21", "page")
    assert lyon["discovered_via"] == "listing" and lyon["is_teaser"] is False and lyon["lang"] == "en"
    agreement = records["supply-agreement.pdf"]
    assert (agreement["published"], agreement["date_source"]) == ("2024-11-18T15:00:00+00:00", "pdf-metadata")

    skipped = json.loads(summary.read_text())["sources"][0]["skipped"]
    assert skipped == {"bad_pdf": 1}


def test_pdf_releases_listed_in_a_sitemap_or_linked_from_an_article_are_read(tmp_path):
    full = "".join(f"<p>{LEDE if i % 2 == 0 else MORE}</p>" for i in range(6))
    story = _story("Example CDMO adds two lines in Basel",
                   full + "<p><a href='/files/lyon-plant.pdf'>Download the full release (PDF)</a> "
                          "<a href='/files/lyon-plant.pdf'>PDF</a> "
                          "<a href='http://elsewhere.invalid/files/other-release.pdf'>Elsewhere (PDF)</a></p>")
    sitemap = ("<?xml version='1.0' encoding='UTF-8'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
               "<url><loc>{base}/news/example-cdmo-adds-two-lines-in-basel</loc></url>"
               "<url><loc>{base}/files/supply-agreement.pdf</loc><lastmod>2024-11-18</lastmod></url>"
               "<url><loc>{base}/files/logo.png</loc></url></urlset>")
    html = {"Content-Type": "text/html; charset=utf-8"}
    pdf = {"Content-Type": "application/pdf"}
    requested: list[str] = []
    pages: dict[str, tuple[bytes, dict[str, str]]] = {
        "/robots.txt": (b"User-agent: *\nDisallow:\n", {"Content-Type": "text/plain"}),
        "/news/example-cdmo-adds-two-lines-in-basel": (story.encode(), html),
        "/files/lyon-plant.pdf": (make_pdf(RELEASE, created="D:20241120093000Z"), pdf),
        "/files/supply-agreement.pdf": (make_pdf(UNDATED_RELEASE, created="D:20241118150000Z"), pdf),
    }

    def respond(path: str):
        requested.append(path)
        if path == "/sitemap.xml":
            return 200, {"Content-Type": "application/xml"}, sitemap.format(base=base).encode()
        if path in pages:
            body, headers = pages[path]
            return 200, headers, body
        return 404, html, b"<html><body>Not found</body></html>"

    server = serve(respond)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        sources = tmp_path / "sources.yaml"
        sources.write_text(yaml.safe_dump({"sources": [{
            "name": "pdfs", "kind": "newsroom", "home": base + "/", "sitemaps": [base + "/sitemap.xml"]}]}))
        out = tmp_path / "raw.jsonl"
        completed = subprocess.run(
            [sys.executable, "-m", "crawlers", "--sources", str(sources), "--out", str(out), "--fast",
             "--state-dir", str(tmp_path / "state")],
            capture_output=True, text=True, timeout=300)
        assert completed.returncode == 0, completed.stderr
    finally:
        server.shutdown()
        server.server_close()
    records = {r["url"].rsplit("/", 1)[1]: r for r in map(json.loads, out.read_text().splitlines())}
    assert set(records) == {"example-cdmo-adds-two-lines-in-basel", "lyon-plant.pdf", "supply-agreement.pdf"}
    lyon = records["lyon-plant.pdf"]  # linked from the article, twice: fetched once
    assert lyon["title"] == RELEASE[0] and (lyon["published"], lyon["date_source"]) == ("2024-11-21", "page")
    assert lyon["discovered_via"] == "listing" and requested.count("/files/lyon-plant.pdf") == 1
    agreement = records["supply-agreement.pdf"]  # listed in the sitemap
    assert agreement["discovered_via"] == "sitemap" and agreement["text"].startswith(UNDATED_RELEASE[1][:60])
    assert "/files/logo.png" not in requested
