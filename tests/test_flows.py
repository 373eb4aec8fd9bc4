"""The Prefect pipeline flow through `radar run`: per-source failure isolation, cached enrichment, Dask."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys

import pytest

from crawlers.demo_newsroom.server import DemoNewsroom
from tests.conftest import ROOT

pytestmark = [pytest.mark.slow, pytest.mark.server]


def radar(workdir, *args, timeout=600):
    env = {**os.environ, "RADAR_DATA_DIR": str(workdir / "data")}
    env.pop("RADAR_DB", None)
    # Prefect's home follows RADAR_DATA_DIR, unless a module imported earlier in this process already set it.
    for name in ("PREFECT_HOME", "PREFECT_LOCAL_STORAGE_PATH"):
        env.pop(name, None)
    return subprocess.run([sys.executable, "-m", "flows.cli", *args], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=timeout)


def sql(db, query):
    completed = subprocess.run([sys.executable, "-m", "flows.cli", "sql", query, "--db", str(db), "--format",
                                "json"], capture_output=True, text=True, cwd=ROOT)
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout)


@pytest.fixture(scope="module")
def subset(demo_corpus):
    picked = [a for a in demo_corpus if a.site == "pharmaweek"][:10] + \
        [a for a in demo_corpus if a.site == "biowire"][:6] + [a for a in demo_corpus if a.site == "alderbrook"][:4]
    return picked


def _sources_with_a_dead_one(newsroom, path):
    newsroom.write_sources_yaml(path)
    path.write_text(path.read_text() + "- name: gone-wire\n  kind: wire\n  home: http://127.0.0.1:9/\n"
                    "  feeds: [http://127.0.0.1:9/feed.xml]\n")
    return path


def test_failing_source_is_retried_and_reported_and_reruns_use_the_cache(subset, tmp_path):
    db = tmp_path / "radar.duckdb"
    with DemoNewsroom(subset) as newsroom:
        sources = _sources_with_a_dead_one(newsroom, tmp_path / "sources.yaml")
        first = radar(tmp_path, "run", "--sources", str(sources), "--db", str(db), "--retry-delay", "0")
        # The dead source is broken: the run fails loudly, after the live sources were loaded and logged.
        assert first.returncode == 1, first.stderr[-3000:]
        [error] = [line for line in first.stderr.splitlines() if line.startswith("error: ")]
        assert error.startswith("error: broken source(s): gone-wire (nothing could be fetched)")
        second = radar(tmp_path, "run", "--sources", str(sources), "--db", str(db), "--retry-delay", "0",
                       "--recrawl")
        assert second.returncode == 1, second.stderr[-3000:]
        status = radar(tmp_path, "sources", "status", "--db", str(db))
        assert status.returncode == 0, status.stderr
        lines = status.stdout.splitlines()
        assert lines[1].split()[:2] == ["gone-wire", "broken"] and "nothing could be fetched" in lines[1]
        assert all(line.split()[1] == "healthy" and "new source" in line for line in lines[2:]) and len(lines) == 5
        feed_requests = [p for s in newsroom.sites for p in s.requested if p == "/releases.atom"]
    assert "gone-wire" in first.stdout and "failed" in first.stdout
    runs = sql(db, "select run_id, source, status, articles_new, articles_updated, errors from pipeline_runs "
                   "order by run_id, source")
    assert len(runs) == 8
    first_run = [r for r in runs if r["run_id"] == runs[0]["run_id"]]
    by_source = {r["source"]: r for r in first_run}
    assert by_source["gone-wire"]["status"] == "failed" and by_source["gone-wire"]["errors"] != "{}"
    health = sql(db, "select source, health, articles_found, dated_share, median_words from pipeline_runs "
                     "where run_id = (select max(run_id) from pipeline_runs) and source <> 'gone-wire'")
    assert {r["health"] for r in health} == {"healthy"}
    assert all(r["articles_found"] > 0 and r["dated_share"] == 1.0 and r["median_words"] > 100 for r in health)
    assert sum(r["articles_new"] for r in first_run) == len(subset)
    second_run = [r for r in runs if r["run_id"] != runs[0]["run_id"]]
    assert sum(r["articles_new"] for r in second_run) == 0
    assert sum(r["articles_updated"] for r in second_run) == len(subset)
    assert len(feed_requests) == 2  # each run crawled the live sources once
    # Same raw articles + same model: the second run's enrichment came from Prefect's result cache.
    enriched = sorted((tmp_path / "data" / "enriched").glob("*.jsonl"))
    assert len(enriched) == 2
    stamps = [{json.loads(line)["id"]: json.loads(line)["enriched_at"] for line in f.read_text().splitlines()}
              for f in enriched]
    assert stamps[0] == stamps[1]
    assert sql(db, "select count(*) n from articles")[0]["n"] == len(subset)
    # Each run left a run-summary table artifact in Prefect's database under the data folder.
    prefect_db = sqlite3.connect(tmp_path / "data" / "prefect" / "prefect.db")
    artifacts = prefect_db.execute("select type, data from artifact where key = 'radar-run-summary'").fetchall()
    assert len(artifacts) == 2 and {kind for kind, _ in artifacts} == {"table"}
    assert "gone-wire" in artifacts[0][1]


def test_dask_task_runner_runs_the_pipeline(subset, tmp_path):
    db = tmp_path / "radar.duckdb"
    with DemoNewsroom(subset[:8]) as newsroom:
        sources = newsroom.write_sources_yaml(tmp_path / "sources.yaml")
        completed = radar(tmp_path, "run", "--sources", str(sources), "--db", str(db), "--task-runner", "dask")
    assert completed.returncode == 0, completed.stderr[-3000:]
    assert sql(db, "select count(*) n from articles where model_version is not null")[0]["n"] == 8


def test_a_knowledge_base_edit_re_enriches_instead_of_serving_the_cache(subset, tmp_path):
    """The stale-cache case: same raw articles, edited knowledge base → new model_version → fresh enrichment."""
    from flows.demo import DEMO_KNOWLEDGE_BASE

    db, overlay = tmp_path / "radar.duckdb", tmp_path / "overlay.yaml"
    overlay.write_text("companies: []\n")
    os.environ["RADAR_KB_OVERLAY"] = str(overlay)
    try:
        with DemoNewsroom([a for a in subset if a.site == "alderbrook"]) as newsroom:
            sources = newsroom.write_sources_yaml(tmp_path / "sources.yaml")
            first = radar(tmp_path, "run", "--sources", str(sources), "--db", str(db))
            assert first.returncode == 0, first.stderr[-3000:]
            overlay.write_text(DEMO_KNOWLEDGE_BASE.read_text())  # Alderbrook Biologics becomes a known company
            second = radar(tmp_path, "run", "--sources", str(sources), "--db", str(db), "--recrawl")
            assert second.returncode == 0, second.stderr[-3000:]
    finally:
        del os.environ["RADAR_KB_OVERLAY"]
    runs = [[json.loads(line) for line in f.read_text().splitlines()]
            for f in sorted((tmp_path / "data" / "enriched").glob("*.jsonl"))]
    assert len(runs) == 2 and len(runs[0]) == len(runs[1]) > 0
    assert {r["model_version"] for r in runs[0]}.isdisjoint({r["model_version"] for r in runs[1]})
    assert any("Alderbrook Biologics" in r["unknown_companies"] for r in runs[0])
    assert not any("Alderbrook Biologics" in r["unknown_companies"] for r in runs[1])
    versions = sql(db, "select distinct model_version from articles")
    assert [v["model_version"] for v in versions] == [runs[1][0]["model_version"]]


def test_records_the_load_would_refuse_are_set_aside_not_fatal():
    from flows.quarantine import set_aside
    from tests.test_warehouse import enriched

    good = enriched("a")
    far_future = {**enriched("b"), "published": "9999-01-01T00:00:00+00:00"}
    wrong_type = {**enriched("c"), "pillars": "infrastructure"}
    failed = {"id": "d", "_quarantine": "enrichment failed: ValueError: E088"}
    kept, aside = set_aside([good, far_future, wrong_type, failed])
    assert [r["id"] for r in kept] == ["a"]
    assert [r["id"] for r in aside] == ["b", "c", "d"]
    assert "published" in aside[0]["_quarantine"] and "pillars" in aside[1]["_quarantine"]


def test_a_batch_with_a_failing_record_keeps_the_others(monkeypatch):
    import flows.pipeline as pipeline

    class Flaky:
        def enrich(self, records):
            if any(r["id"] == "bad" for r in records):
                raise ValueError("[E088] Text of length 1000001 exceeds maximum")
            return [{**r, "pillar": "other"} for r in records]

    monkeypatch.setattr(pipeline, "shared_enricher", lambda: Flaky())
    out = pipeline.enrich_batch.fn([{"id": "ok1", "title": "t", "text": "x"}, {"id": "bad", "title": "t", "text": "y"},
                                    {"id": "ok2", "title": "t", "text": "z"}], "v")
    assert [o["id"] for o in out] == ["ok1", "bad", "ok2"]
    assert out[0]["pillar"] == "other" and "E088" in out[1]["_quarantine"] and "_quarantine" not in out[2]


def test_a_failed_load_marks_nothing_seen_so_the_next_run_loads_everything(subset, tmp_path):
    """URLs are remembered only once their articles are published: a run whose load fails (here the warehouse
    path holds a file that is not DuckDB) leaves them unseen, and the next run, without --recrawl, loads them."""
    db = tmp_path / "radar.duckdb"
    db.write_bytes(b"not a database")
    picked = subset[:6]
    with DemoNewsroom(picked) as newsroom:
        sources = newsroom.write_sources_yaml(tmp_path / "sources.yaml")
        failed = radar(tmp_path, "run", "--sources", str(sources), "--db", str(db))
        assert failed.returncode != 0
        # The failure is logged beside the warehouse, which is left untouched.
        with sqlite3.connect(tmp_path / "radar.ops.sqlite") as ops:
            [(source, status, message)] = ops.execute("select source, status, message from pipeline_runs").fetchall()
        assert (source, status) == ("*", "failed") and "nothing published" in message
        assert db.read_bytes() == b"not a database"
        seen = list((tmp_path / "data" / "crawl_state" / "seen").glob("*.json"))
        assert all('"kind": "article"' not in path.read_text() for path in seen)
        db.unlink()
        second = radar(tmp_path, "run", "--sources", str(sources), "--db", str(db))
        assert second.returncode == 0, second.stderr[-3000:]
    assert sql(db, "select count(*) n from articles")[0]["n"] == len(picked)
    stored = [path.read_text() for path in (tmp_path / "data" / "crawl_state" / "seen").glob("*.json")]
    assert sum(text.count('"kind": "article"') for text in stored) >= len(picked)
