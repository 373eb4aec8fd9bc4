"""Every source of crawlers/sources.yaml against its fixture pages and golden JSON.

A source's fixture folder is either a hand-written imitation of its site (`routes.yaml`; all 27 sources today)
or a recording of the live site made by `radar sources record` (`manifest.json` and gzipped pages); both are
replayed the same way (tests/test_sources_record.py replays a recording end to end).

One real crawl of the whole registry (`radar crawl --replay`) runs over HTTP against the fixture mirror on
127.0.0.1 (the real host names are kept; no test touches the internet). Each source then gets its own tests:
fixtures present, output equal to the golden, snippets held, non-articles left out, robots.txt obeyed.
Regenerate goldens with `python -m crawlers.goldens` and review the diff.
"""

from __future__ import annotations

import json
from collections import Counter
from urllib.parse import urlsplit

import pytest

from crawlers.goldens import FIXTURES, crawl_fixtures, fixture_problems
from crawlers.recording import folder_kind
from crawlers.replay_server import FixtureMirror, load_routes, route_key
from crawlers.sources import REGISTRY, Source, load_sources
from tests.helpers.source_checks import check_clean_crawl, check_output_matches_golden, check_robots_obeyed

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
@pytest.mark.server
def test_source_output_matches_golden(crawl, name):
    check_output_matches_golden(crawl, name, _golden(name))


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.server
def test_source_collects_no_non_article(crawl, name):
    folder = FIXTURES / name
    check_clean_crawl(crawl, name, _golden(name), load_routes(folder), folder_kind(folder) == "recorded")


@pytest.mark.server
def test_robots_txt_is_obeyed_on_every_host(crawl):
    check_robots_obeyed(crawl, FixtureMirror(FIXTURES).routes)  # every fixture's robots.txt (no server started)


@pytest.mark.server
def test_every_fetch_stayed_on_the_sources_hosts(crawl):
    hosts = {urlsplit(str(u)).hostname for s in SOURCES for u in [s.home, *s.feeds, *s.sitemaps, *s.listings]}
    fetched = {key.split("/", 1)[0] for key in crawl.requested}
    assert fetched <= hosts, fetched - hosts


def test_route_keys_ignore_the_scheme():
    assert route_key("https://www.Lonza.com/news?x=1") == route_key("http://www.lonza.com/news?x=1")
