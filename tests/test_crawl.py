"""A real Scrapy crawl, in its own process, over HTTP against the demo newsroom served on 127.0.0.1."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter

import pytest

from crawlers.demo_newsroom.server import DemoNewsroom
from crawlers.demo_newsroom.trade_press_site import DRAFT_PATH
from crawlers.records import CrawlRecord


def _crawl(tmp_path, newsroom, *extra):
    sources = newsroom.write_sources_yaml(tmp_path / "sources.yaml")
    out, summary = tmp_path / "raw.jsonl", tmp_path / "summary.json"
    completed = subprocess.run(
        [sys.executable, "-m", "flows.cli", "crawl", "--sources", str(sources), "--out", str(out), "--summary",
         str(summary), "--fast", "--state-dir", str(tmp_path / "state"), *extra],
        capture_output=True, text=True, timeout=300,
    )
    assert completed.returncode == 0, completed.stderr
    records = [json.loads(line) for line in out.read_text().splitlines()]
    return records, json.loads(summary.read_text())


@pytest.fixture(scope="module")
def subset(demo_corpus):
    # Every site, a few listing pages' worth of trade press, and the syndicated pairs among them.
    return [a for a in demo_corpus if a.site != "pharmaweek"][:40] + \
        [a for a in demo_corpus if a.site == "pharmaweek"][:45]


@pytest.fixture(scope="module")
def crawled(subset, tmp_path_factory):
    with DemoNewsroom(subset) as newsroom:
        records, summary = _crawl(tmp_path_factory.mktemp("crawl"), newsroom)
        requested = {site.name: list(site.requested) for site in newsroom.sites}
    return records, summary, requested


def test_every_article_collected_once(subset, crawled):
    records, _, _ = crawled
    assert len(records) == len(subset)
    assert len({r["id"] for r in records}) == len(records)
    titles = Counter(r["title"] for r in records)
    assert titles == Counter(a.title for a in subset)


def test_records_follow_the_contract(crawled):
    records, _, _ = crawled
    for record in records:
        CrawlRecord.model_validate(record)
        assert "utm_" not in record["canonical_url"]
        assert record["published"] and record["lang"] == "en"
    assert {r["discovered_via"] for r in records} == {"feed", "sitemap", "listing"}
    by_source = Counter(r["source"] for r in records)
    assert set(by_source) == {"pharmamakers-weekly", "biopress-wire", "alderbrook-newsroom"}


def test_robots_txt_is_obeyed(crawled):
    records, _, requested = crawled
    assert "/robots.txt" in requested["pharmamakers-weekly"]
    assert DRAFT_PATH not in requested["pharmamakers-weekly"]
    assert not any("unpublished draft" in r["text"] for r in records)


def test_summary_counts_per_source(crawled):
    records, summary, _ = crawled
    per_source = {s["source"]: s for s in summary["sources"]}
    for name, count in Counter(r["source"] for r in records).items():
        assert per_source[name]["articles"] == count
        assert per_source[name]["status"] == "ok"
        assert per_source[name]["pages_fetched"] > count
        assert per_source[name]["errors"] == {}
    assert per_source["pharmamakers-weekly"]["skipped"] == {"robots_txt": 1}


def test_max_items_and_since(subset, tmp_path):
    with DemoNewsroom(subset) as newsroom:
        limited, _ = _crawl(tmp_path, newsroom, "--max-items", "3")
    assert 0 < Counter(r["source"] for r in limited)["pharmamakers-weekly"] <= 3
    since = sorted(a.published for a in subset)[len(subset) // 2].date().isoformat()
    with DemoNewsroom(subset) as newsroom:
        recent, _ = _crawl(tmp_path, newsroom, "--since", since)
    assert recent and all(r["published"][:10] >= since for r in recent)
    assert len(recent) < len(subset)


def test_unreachable_source_does_not_fail_the_others(subset, tmp_path):
    with DemoNewsroom(subset) as newsroom:
        sources = newsroom.write_sources_yaml(tmp_path / "sources.yaml")
        text = sources.read_text() + (
            "- name: gone\n  kind: wire\n  home: http://127.0.0.1:9/\n  feeds: [http://127.0.0.1:9/feed]\n"
        )
        sources.write_text(text)
        out, summary_file = tmp_path / "raw.jsonl", tmp_path / "s.json"
        completed = subprocess.run(
            [sys.executable, "-m", "flows.cli", "crawl", "--sources", str(sources), "--out", str(out), "--summary",
             str(summary_file), "--fast", "--state-dir", str(tmp_path / "state")], capture_output=True, text=True, timeout=300,
        )
    assert completed.returncode == 0, completed.stderr
    summary = {s["source"]: s for s in json.loads(summary_file.read_text())["sources"]}
    assert summary["gone"]["status"] == "failed" and summary["gone"]["errors"]
    assert summary["biopress-wire"]["status"] == "ok" and summary["biopress-wire"]["articles"] > 0
