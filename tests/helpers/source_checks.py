"""What the registry test asks of every source's replayed crawl, whether its fixture folder is a hand-written
imitation or a recording of the live site (tests/test_source_registry.py, tests/test_sources_record.py)."""

from __future__ import annotations

from protego import Protego

from crawlers.goldens import GOLDEN_FIELDS, FixtureCrawl, pinned, snippet_violations
from crawlers.replay_server import Route
from crawlers.settings import BASE_SETTINGS


def check_output_matches_golden(crawl: FixtureCrawl, name: str, golden: dict) -> None:
    records = {r["canonical_url"]: r for r in crawl.records.get(name, [])}
    expected = {a["canonical_url"]: a for a in golden["articles"]}
    assert sorted(records) == sorted(expected), crawl.summary.get(name)
    for url, article in expected.items():
        got = pinned(records[url])
        assert got == {k: article[k] for k in GOLDEN_FIELDS if k in article}
        assert snippet_violations(article) == []


def check_clean_crawl(crawl: FixtureCrawl, name: str, golden: dict, routes: dict[str, Route],
                      recorded: bool) -> None:
    """No non-article collected, status ok, no error; a recording saved only the first few articles, so the
    other pages its feeds and listings name get the mirror's 404 (and only those)."""
    records = crawl.records.get(name, [])
    collected = {r["canonical_url"] for r in records} | {r["url"] for r in records}
    assert not collected & set(golden.get("not_collected", []))
    summary = crawl.summary[name]
    errors = dict(summary["errors"])
    if recorded:
        unrecorded = {key for key in crawl.requested if key not in routes}
        assert errors.pop("http_404", 0) <= len(unrecorded), summary
    assert summary["status"] == "ok" and errors == {}, summary


def check_robots_obeyed(crawl: FixtureCrawl, routes: dict[str, Route]) -> None:
    """robots.txt fetched first on every host, and no page it disallows fetched."""
    agent = BASE_SETTINGS["ROBOTSTXT_USER_AGENT"]
    for key in crawl.requested:
        host = key.split("/", 1)[0]
        robots = routes.get(f"{host}/robots.txt")
        assert robots is not None, f"{host}: no robots.txt in the fixtures"
        if key != f"{host}/robots.txt":
            assert crawl.requested.index(f"{host}/robots.txt") < crawl.requested.index(key)
            assert Protego.parse(robots.body.decode()).can_fetch("https://" + key, agent), f"disallowed: {key}"
