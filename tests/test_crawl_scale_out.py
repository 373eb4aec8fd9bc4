"""Scale-out on existing engines: scrapy-redis as the shared scheduler and dupefilter (RADAR_REDIS_URL), against a
real redis-server (Debian package) that the test starts and stops; and the Scrapyd/`scrapy crawl` project entry."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
from collections import Counter

import pytest

from crawlers.demo_newsroom.server import DemoNewsroom
from tests.conftest import ROOT

REDIS = shutil.which("redis-server") or ("/usr/bin/redis-server" if os.path.exists("/usr/bin/redis-server") else None)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    if REDIS is None:
        pytest.skip("redis-server is not installed (apt-get install redis-server; .ci/run installs it)")
    port = _free_port()
    workdir = tmp_path_factory.mktemp("redis")
    server = subprocess.Popen(
        [REDIS, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no",
         "--dir", str(workdir), "--loglevel", "notice", "--protected-mode", "yes"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    # Wait for the server's own "ready" line (bounded by the readline loop ending when the process dies).
    ready = False
    for _ in range(200):
        line = server.stdout.readline()
        if not line or "Ready to accept connections" in line:
            ready = bool(line)
            break
    assert ready, "redis-server did not start"
    yield f"redis://127.0.0.1:{port}/0"
    server.terminate()
    server.wait(timeout=30)


def _worker(sources, out, state, env):
    return subprocess.Popen(
        [sys.executable, "-m", "flows.cli", "crawl", "--sources", str(sources), "--out", str(out), "--summary",
         str(out.with_suffix(".summary.json")), "--fast", "--state-dir", str(state)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def test_two_workers_share_one_frontier(redis_url, demo_corpus, tmp_path):
    import redis

    subset = [a for a in demo_corpus if a.site == "pharmaweek"][:40]
    env = {**os.environ, "RADAR_REDIS_URL": redis_url, "RADAR_CRAWL_RUN": "test-run-1"}
    with DemoNewsroom(subset) as newsroom:
        sources = newsroom.write_sources_yaml(tmp_path / "sources.yaml")
        workers = [_worker(sources, tmp_path / f"raw-{i}.jsonl", tmp_path / f"state-{i}", env) for i in (1, 2)]
        results = [w.communicate(timeout=300) for w in workers]
        requested = Counter(newsroom.sites[0].requested)
    assert all(w.returncode == 0 for w in workers), [r[1][-2000:] for r in results]
    records = [json.loads(line) for i in (1, 2) for line in (tmp_path / f"raw-{i}.jsonl").read_text().splitlines()]
    ids = Counter(r["id"] for r in records)
    assert len(ids) == len(subset) and max(ids.values()) == 1  # every article once, across both workers
    article_paths = {newsroom.sites[0].article_path(a) for a in subset}
    assert all(requested[p] == 1 for p in article_paths), "an article page was downloaded twice"
    client = redis.Redis.from_url(redis_url)
    keys = {k.decode() for k in client.keys("radar:test-run-1:*")}
    assert "radar:test-run-1:pharmamakers-weekly:dupefilter" in keys
    assert all(0 < client.ttl(k) <= 24 * 3600 for k in keys)
    client.close()


def test_a_lone_worker_gets_its_own_run_keys(redis_url, demo_corpus, tmp_path):
    """Without RADAR_CRAWL_RUN a process gets fresh keys, so yesterday's dupefilter cannot swallow today's run."""
    import redis

    client = redis.Redis.from_url(redis_url)
    before = set(client.keys("radar:*:biopress-wire:dupefilter"))
    subset = [a for a in demo_corpus if a.site == "biowire"][:5]
    env = {**os.environ, "RADAR_REDIS_URL": redis_url}
    env.pop("RADAR_CRAWL_RUN", None)
    with DemoNewsroom(subset) as newsroom:
        sources = newsroom.write_sources_yaml(tmp_path / "sources.yaml")
        worker = _worker(sources, tmp_path / "raw.jsonl", tmp_path / "state", env)
        _, stderr = worker.communicate(timeout=300)
    assert worker.returncode == 0, stderr[-2000:]
    assert len((tmp_path / "raw.jsonl").read_text().splitlines()) == 5
    assert len(set(client.keys("radar:*:biopress-wire:dupefilter")) - before) == 1
    client.close()


def test_scrapy_project_lists_and_crawls_a_registry_source(demo_corpus, tmp_path):
    """`scrapy crawl news -a source=NAME` through scrapy.cfg: what a Scrapyd node runs."""
    env = {**os.environ}
    listed = subprocess.run([sys.executable, "-m", "scrapy", "list"], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=120)
    assert listed.returncode == 0 and listed.stdout.split() == ["news"], listed.stderr[-2000:]
    subset = [a for a in demo_corpus if a.site == "alderbrook"][:4]
    with DemoNewsroom(subset) as newsroom:
        sources = newsroom.write_sources_yaml(tmp_path / "sources.yaml")
        out = tmp_path / "raw.jsonl"
        completed = subprocess.run(
            [sys.executable, "-m", "scrapy", "crawl", "news", "-a", "source=alderbrook-newsroom",
             "-a", f"state_dir={tmp_path / 'state'}", "-s", f"RADAR_OUTPUT={out}", "-s", "AUTOTHROTTLE_START_DELAY=0"],
            cwd=ROOT, env={**env, "RADAR_SOURCES": str(sources)}, capture_output=True, text=True, timeout=300,
        )
    assert completed.returncode == 0, completed.stderr[-2000:]
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert sorted(r["title"] for r in records) == sorted(a.title for a in subset)
    cfg = (ROOT / "scrapy.cfg").read_text()
    assert "[deploy:" in cfg and "crawlers.scrapy_project" in cfg


def test_workers_share_a_hosts_crawl_delay(redis_url, tmp_path):
    """Two crawls at once (two runs, each with its own frontier) of a host whose robots.txt says Crawl-delay: 1
    fetch from it one second apart together, not each on its own (which would be twice as fast)."""
    from crawlers.replay_server import FixtureMirror

    page = ("<html lang='en'><head><title>{t}</title><meta property='og:type' content='article'></head><body><article>"
            "<h1>{t}</h1>" + "".join(f"<p>{who} said it would add a production line at its biologics plant, creating "
                                     "about ninety jobs, and expects inspections within eighteen months of the start.</p>"
                                     for who in ("Example CDMO", "The company", "Its chief executive")) +
            "</article></body></html>")
    slugs = [f"story-number-{i}-expands" for i in range(6)]
    sources = tmp_path / "sources.yaml"
    sources.write_text(json.dumps({"sources": [{"name": "slow-host", "home": "https://slow.example.org/",
                                                "sitemaps": ["https://slow.example.org/sitemap.xml"]}]}))
    with FixtureMirror() as mirror:
        mirror.set("https://slow.example.org/robots.txt", "User-agent: *\nCrawl-delay: 1\n", content_type="text/plain")
        mirror.set("https://slow.example.org/sitemap.xml", '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org'
                   '/schemas/sitemap/0.9">' + "".join(f"<url><loc>https://slow.example.org/{s}</loc></url>"
                                                      for s in slugs) + "</urlset>", content_type="application/xml")
        for slug in slugs:
            mirror.set(f"https://slow.example.org/{slug}", page.format(t=slug.replace("-", " ")))
        # --recrawl: with Redis the seen-URL store is shared, so a run that starts after the other has finished
        # (a loaded machine) would rightly skip every story; here both must fetch them all.
        workers = [subprocess.Popen(
            [sys.executable, "-m", "flows.cli", "crawl", "--sources", str(sources), "--out", str(tmp_path / f"raw-{i}.jsonl"),
             "--fast", "--replay", mirror.url, "--state-dir", str(tmp_path / f"state-{i}"), "--recrawl"],
            env={**os.environ, "RADAR_REDIS_URL": redis_url, "RADAR_CRAWL_RUN": f"test-shared-delay-{i}"},
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for i in (1, 2)]
        results = [w.communicate(timeout=300) for w in workers]
        times = sorted(t for t, key in mirror.request_times if not key.endswith("robots.txt"))
    assert all(w.returncode == 0 for w in workers), [r[1][-2000:] for r in results]
    stories = sum(len((tmp_path / f"raw-{i}.jsonl").read_text().splitlines()) for i in (1, 2))
    assert stories == 2 * len(slugs)
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert len(gaps) == 2 * (len(slugs) + 1) - 1, gaps
    # The rate is what politeness promises: together no faster than one worker (unshared, the two interleave at
    # twice the rate). Single gaps can come out shorter on a loaded machine: a request booked for t+1 that waits
    # behind a slow download can leave just before the one booked for t+2.
    assert times[-1] - times[0] >= 0.9 * len(gaps), gaps
    assert sorted(gaps)[len(gaps) // 2] >= 0.9, gaps


def _alias_site():
    """A newsroom whose stories each have two addresses (/news/<slug> and /story/<n>, both canonical to the first),
    listed on two listings: /news/ links the first address, /latest/ the second."""
    from tests.helpers.local_site import serve

    slugs = [f"example-cdmo-story-number-{i}-adds-capacity" for i in range(6)]
    prose = "".join(f"<p>{who} said it would add a production line at its biologics plant, creating about ninety "
                    "jobs, and expects inspections within eighteen months of the start.</p>"
                    for who in ("Example CDMO", "The company", "Its chief executive"))
    requested: list[str] = []

    def respond(path: str):
        requested.append(path)
        html = {"Content-Type": "text/html; charset=utf-8"}
        if path == "/robots.txt":
            return 200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow:\n"
        if path in ("/news/", "/latest/"):
            links = "".join(f"<li><a href='/news/{s}'>Story {i}</a></li>" if path == "/news/" else
                            f"<li><a href='/story/{i}'>Story {i}</a></li>" for i, s in enumerate(slugs))
            return 200, html, f"<html><body><h1>News</h1><ul>{links}</ul></body></html>".encode()
        for i, slug in enumerate(slugs):
            if path in (f"/news/{slug}", f"/story/{i}"):
                page = (f"<html lang='en'><head><title>Story {i} adds capacity</title>"
                        "<meta property='og:type' content='article'>"
                        f"<link rel='canonical' href='{base}/news/{slug}'></head><body><article>"
                        f"<h1>Story {i} adds capacity</h1>{prose}</article></body></html>")
                return 200, html, page.encode()
        return 404, html, b"<html><body>Not found</body></html>"

    server = serve(respond)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    return server, base, slugs, requested


def _sources(path, base, listing):
    path.write_text(json.dumps({"sources": [{"name": "alias-news", "home": base + "/", "listings": [base + listing],
                                             "discover": False}]}))
    return path


def test_workers_share_the_seen_urls_and_drop_each_others_duplicates(redis_url, tmp_path):
    """With RADAR_REDIS_URL, the seen-URL store and duplicate dropping are shared: a story one worker wrote is not
    written again by another worker of the run that reaches it by another address, nor downloaded again by a
    worker of the next run that has a state directory of its own."""
    import redis

    server, base, slugs, requested = _alias_site()
    env = {**os.environ, "RADAR_REDIS_URL": redis_url, "RADAR_CRAWL_RUN": "test-run-aliases"}
    try:
        outs = []
        for i, listing in ((1, "/news/"), (2, "/latest/")):  # one after the other: the outcome is certain
            out = tmp_path / f"raw-{i}.jsonl"
            worker = _worker(_sources(tmp_path / f"sources-{i}.yaml", base, listing), out, tmp_path / f"state-{i}", env)
            _, stderr = worker.communicate(timeout=300)
            assert worker.returncode == 0, stderr[-2000:]
            outs.append([json.loads(line) for line in out.read_text().splitlines()])
        assert len(outs[0]) == len(slugs)
        assert outs[1] == []  # every alias the second worker fetched was the first worker's story
        summary = json.loads((tmp_path / "raw-2.summary.json").read_text())["sources"][0]
        assert summary["skipped"].get("duplicate") == len(slugs)

        before = len(requested)
        next_run = {**env, "RADAR_CRAWL_RUN": "test-run-aliases-next"}
        out = tmp_path / "raw-3.jsonl"
        worker = _worker(_sources(tmp_path / "sources-3.yaml", base, "/news/"), out, tmp_path / "state-3", next_run)
        _, stderr = worker.communicate(timeout=300)
        assert worker.returncode == 0, stderr[-2000:]
        assert out.read_text() == ""
        assert not any(p.startswith("/news/example-cdmo") for p in requested[before:]), "a seen story was fetched"
    finally:
        server.shutdown()
        server.server_close()
    client = redis.Redis.from_url(redis_url)
    assert client.hlen("radar:seen:alias-news") >= len(slugs)
    assert 0 < client.ttl("radar:test-run-aliases:alias-news:items") <= 24 * 3600
    client.close()
