"""Every source of crawlers/sources.yaml against its recorded fixture pages and golden JSON.

One real crawl of the whole registry (`python -m crawlers --replay`) runs over HTTP against the fixture mirror on
127.0.0.1 (the real host names are kept; no test touches the internet). Each source then gets its own tests:
fixtures present, output equal to the golden, snippets held, non-articles left out, robots.txt obeyed.
Regenerate goldens with `python -m crawlers.goldens` and review the diff.
"""

from __future__ import annotations

import json
from collections import Counter
from urllib.parse import urlsplit

import pytest
from protego import Protego

from crawlers.goldens import (
    FIXTURES,
    GOLDEN_FIELDS,
    crawl_fixtures,
    fixture_problems,
    pinned,
    snippet_violations,
)
from crawlers.replay_server import FixtureMirror, route_key
from crawlers.settings import BASE_SETTINGS
from crawlers.sources import REGISTRY, Source, load_sources

SOURCES = load_sources(REGISTRY)
NAMES = [s.name for s in SOURCES]


def _golden(name: str) -> dict:
    return json.loads((FIXTURES / name / "golden.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def crawl():
    return crawl_fixtures()


def test_registry_covers_the_industry():
    kinds = Counter(s.kind for s in SOURCES)
    assert len(SOURCES) >= 25
    assert kinds["trade_press"] >= 10 and kinds["newsroom"] >= 12
    wires = [s for s in SOURCES if s.kind == "wire"]
    assert {s.name for s in wires} >= {"pr-newswire", "business-wire", "globenewswire"}
    assert all(s.relevance == "cdmo" for s in wires)
    assert all(s.feeds or s.sitemaps or s.listings for s in SOURCES)


@pytest.mark.parametrize("name", NAMES)
def test_source_has_fixtures_and_golden(name):
    source = next(s for s in SOURCES if s.name == name)
    assert fixture_problems(source, FIXTURES) == []


def test_a_source_without_fixtures_is_reported(tmp_path):
    orphan = Source(name="no-fixtures-yet", kind="newsroom", home="https://example.org/",
                    feeds=["https://example.org/feed/"])
    problems = fixture_problems(orphan, tmp_path)
    assert problems and "no fixture folder" in problems[0]


@pytest.mark.parametrize("name", NAMES)
def test_source_output_matches_golden(crawl, name):
    golden = _golden(name)
    records = {r["canonical_url"]: r for r in crawl.records.get(name, [])}
    expected = {a["canonical_url"]: a for a in golden["articles"]}
    assert sorted(records) == sorted(expected), crawl.summary.get(name)
    for url, article in expected.items():
        got = pinned(records[url])
        assert got == {k: article[k] for k in GOLDEN_FIELDS if k in article}
        assert snippet_violations(article) == []


@pytest.mark.parametrize("name", NAMES)
def test_source_collects_no_non_article(crawl, name):
    collected = {r["canonical_url"] for r in crawl.records.get(name, [])} | {r["url"] for r in crawl.records.get(name, [])}
    assert not collected & set(_golden(name).get("not_collected", []))
    summary = crawl.summary[name]
    assert summary["status"] == "ok" and summary["errors"] == {}, summary


def test_robots_txt_is_obeyed_on_every_host(crawl):
    routes = FixtureMirror(FIXTURES).routes  # loads the recorded robots.txt files (no server started)
    agent = BASE_SETTINGS["ROBOTSTXT_USER_AGENT"]
    for key in crawl.requested:
        host = key.split("/", 1)[0]
        robots = routes.get(f"{host}/robots.txt")
        assert robots is not None, f"{host}: no recorded robots.txt"
        if key != f"{host}/robots.txt":
            assert crawl.requested.index(f"{host}/robots.txt") < crawl.requested.index(key)
            assert Protego.parse(robots.body.decode()).can_fetch("https://" + key, agent), f"disallowed: {key}"


def test_every_fetch_stayed_on_the_sources_hosts(crawl):
    hosts = {urlsplit(str(u)).hostname for s in SOURCES for u in [s.home, *s.feeds, *s.sitemaps, *s.listings]}
    fetched = {key.split("/", 1)[0] for key in crawl.requested}
    assert fetched <= hosts, fetched - hosts


def test_route_keys_ignore_the_scheme():
    assert route_key("https://www.Lonza.com/news?x=1") == route_key("http://www.lonza.com/news?x=1")
