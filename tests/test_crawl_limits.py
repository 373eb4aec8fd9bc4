"""Per-source bounds on one run's work: links queued per listing page, articles per run, a wall-clock budget;
past any of them the source stops and is reported as partial. Another port on the same host is another site.
Real crawls (`radar crawl`) over HTTP against a site on 127.0.0.1."""

from __future__ import annotations

import json
import subprocess
import sys
import threading

import pytest
import yaml

from tests.helpers.local_site import serve
from tests.test_crawl_robustness import article

HTML = {"Content-Type": "text/html"}

pytestmark = pytest.mark.slow


class Site:
    def __init__(self, links: int, slow_paths: bool = False) -> None:
        self.links = links
        self.slow_paths = slow_paths
        self.hits: list[str] = []
        self.release = threading.Event()

    def respond(self, path: str) -> tuple[int, dict[str, str], bytes]:
        self.hits.append(path)
        if path == "/robots.txt":
            return 200, {"Content-Type": "text/plain"}, b"User-agent: *\nAllow: /\n"
        if path == "/news/":
            items = "".join(f'<li><a href="/news/2025/03/story-number-{n}">Story number {n}</a></li>'
                            for n in range(self.links))
            other = f'<li><a href="http://127.0.0.1:{self.other_port}/news/2025/03/other-port-story">x</a></li>'
            return 200, HTML, f"<html><body><ul>{items}{other}</ul></body></html>".encode()
        if path.startswith(("/news/2025/03/story-number-", "/news/2025/03/other-port-story")):
            if self.slow_paths:
                self.release.wait(30)  # answers only when the test lets it: the budget must end the crawl first
            return 200, HTML, article("Acme Bio", path, "2025-03-04T09:00:00+00:00").encode()
        return 404, {"Content-Type": "text/plain"}, b"no"


def _crawl(tmp_path, site: Site, **limits):
    server, other = serve(site.respond), serve(Site(0).respond)
    site.other_port = other.server_address[1]
    base = f"http://127.0.0.1:{server.server_address[1]}"
    sources = tmp_path / "sources.yaml"
    sources.write_text(yaml.safe_dump({"sources": [{"name": "limited", "kind": "trade_press", "home": base + "/",
                                                    "listings": [base + "/news/"], **limits}]}))
    out, summary = tmp_path / "raw.jsonl", tmp_path / "summary.json"
    try:
        completed = subprocess.run(
            [sys.executable, "-m", "flows.cli", "crawl", "--sources", str(sources), "--out", str(out), "--summary",
             str(summary), "--fast", "--state-dir", str(tmp_path / "state")],
            capture_output=True, text=True, timeout=300)
    finally:
        site.release.set()
        for s in (server, other):
            s.shutdown()
            s.server_close()
    assert completed.returncode == 0, completed.stderr[-2000:]
    records = [json.loads(line) for line in out.read_text().splitlines()] if out.exists() else []
    return records, json.loads(summary.read_text())["sources"][0], other


def test_a_listing_with_thousands_of_links_queues_only_the_cap(tmp_path):
    site = Site(links=5_000)
    records, summary, _ = _crawl(tmp_path, site, max_links_per_listing=7)
    story_hits = [p for p in site.hits if p.startswith("/news/2025/03/story-number-")]
    assert len(story_hits) == 7 and len(records) == 7
    assert summary["status"] == "partial" and "links-per-listing-page cap" in summary["message"]


def test_articles_per_run_are_capped(tmp_path):
    site = Site(links=40)
    records, summary, _ = _crawl(tmp_path, site, max_articles_per_run=5)
    assert len(records) == 5
    assert summary["status"] == "partial" and "articles-per-run cap" in summary["message"]


def test_the_time_budget_stops_a_source_and_says_so(tmp_path):
    site = Site(links=3, slow_paths=True)
    records, summary, _ = _crawl(tmp_path, site, time_budget_seconds=2)
    assert summary["status"] == "partial" and "time budget" in summary["message"]
    # The pages hold their answers for 30 s: the source was closed by its budget, not by running out of work.
    assert summary["elapsed_seconds"] < 25 or len(records) < 3


def test_another_port_on_the_same_host_is_off_site(tmp_path):
    site = Site(links=2)
    records, summary, other = _crawl(tmp_path, site)
    assert summary["status"] == "ok" and len(records) == 2
    assert not any("other-port-story" in r["url"] for r in records)
