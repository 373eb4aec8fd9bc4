"""The whole product on the demo newsroom: `radar demo --no-dashboard` (real HTTP crawl, real models,
Prefect flow, DuckDB file), then `radar sql`, then the dashboard rendered with Streamlit's AppTest."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

pytestmark = [pytest.mark.slow, pytest.mark.server]


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("demo")
    db = workdir / "radar.duckdb"
    env = {**os.environ, "RADAR_DATA_DIR": str(workdir / "data")}
    env.pop("RADAR_DB", None)
    completed = subprocess.run(
        [sys.executable, "-m", "flows.cli", "demo", "--no-dashboard", "--db", str(db)],
        capture_output=True, text=True, env=env, timeout=900, cwd=workdir,
    )
    assert completed.returncode == 0, completed.stdout[-2000:] + completed.stderr[-4000:]
    assert "pharmamakers-weekly" in completed.stdout
    return db, workdir, completed.stdout


def radar_sql(db, query):
    completed = subprocess.run(
        [sys.executable, "-m", "flows.cli", "sql", query, "--db", str(db), "--format", "json"],
        capture_output=True, text=True,
    )
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout)


def test_all_four_pillars_over_eighteen_months(demo_db, demo_corpus):
    db, _, _ = demo_db
    rows = radar_sql(db, "select pillar, count(*) n from articles group by 1 order by 1")
    assert [r["pillar"] for r in rows] == ["digital", "infrastructure", "leadership", "other"]
    assert sum(r["n"] for r in rows) == len(demo_corpus)
    span = radar_sql(db, "select min(published_at)::date::varchar lo, max(published_at)::date::varchar hi from articles")[0]
    lo, hi = date.fromisoformat(span["lo"]), date.fromisoformat(span["hi"])
    assert (hi.year - lo.year) * 12 + hi.month - lo.month >= 18


def test_raw_files_kept_and_runs_recorded(demo_db, demo_corpus):
    db, workdir, _ = demo_db
    raw_files = list((workdir / "data" / "raw").glob("*.jsonl"))
    assert len(raw_files) == 1
    assert sum(1 for _ in raw_files[0].open()) == len(demo_corpus)
    runs = radar_sql(db, "select source, status, articles_new from pipeline_runs order by source")
    assert [r["status"] for r in runs] == ["ok", "ok", "ok"]
    assert sum(r["articles_new"] for r in runs) == len(demo_corpus)
    assert (workdir / "data" / "prefect").is_dir()


def test_enrichment_reached_the_warehouse(demo_db):
    db, _, _ = demo_db
    row = radar_sql(db, """
        select count(*) filter (where model_version is null) unversioned,
               count(*) filter (where amount_usd > 0) with_amount,
               (select count(distinct company) from article_companies) companies,
               (select count(*) from article_people where role is not null) roles
        from articles""")[0]
    assert row["unversioned"] == 0
    assert row["with_amount"] > 40 and row["companies"] > 50 and row["roles"] > 10


def test_dashboard_renders_trend_and_filters(demo_db, monkeypatch):
    db, _, _ = demo_db
    monkeypatch.setenv("RADAR_DB", str(db))
    app = AppTest.from_file(str(ROOT / "dashboard" / "streamlit_app.py"), default_timeout=60)
    app.query_params["from"] = "2024-01-01"  # the whole demo period (clamped to its first day)
    app.run()
    assert not app.exception
    assert app.get("vega_lite_chart")
    metrics = {m.label: m.value for m in app.metric}
    stories = int(metrics["Stories"].replace(",", ""))
    assert stories > 150 and metrics["Leadership moves"] != "0" and metrics["Digital launches"] != "0"
    app.multiselect(key="filter-pillar").set_value(["leadership"]).run()
    leadership = int({m.label: m.value for m in app.metric}["Stories"])
    assert 0 < leadership < stories
    app.switch_page("views/leadership.py").run()
    assert not app.exception
    moves = app.dataframe[0].value
    assert len(moves) > 10 and moves["url"].str.startswith("http://127.0.0.1:").all()


def test_reprocess_then_export(demo_db, demo_corpus, tmp_path):
    import duckdb

    db, workdir, _ = demo_db
    env = {**os.environ, "RADAR_DATA_DIR": str(workdir / "data")}
    before = radar_sql(db, "select count(*) n, max(enriched_at)::varchar t from articles")[0]
    completed = subprocess.run([sys.executable, "-m", "flows.cli", "reprocess", "--db", str(db)],
                               capture_output=True, text=True, env=env)
    assert completed.returncode == 0, completed.stderr
    assert f"{len(demo_corpus)} re-enriched, 0 new" in completed.stdout
    after = radar_sql(db, "select count(*) n, max(enriched_at)::varchar t from articles")[0]
    assert after["n"] == before["n"] and after["t"] >= before["t"]
    out = tmp_path / "parquet"
    completed = subprocess.run([sys.executable, "-m", "flows.cli", "export", "--format", "parquet", "--out", str(out),
                                "--db", str(db)], capture_output=True, text=True)
    assert completed.returncode == 0, completed.stderr
    count = duckdb.connect().execute(
        f"select count(*) from read_parquet('{out}/articles/*/*.parquet', hive_partitioning = true)").fetchone()[0]
    assert count == len(demo_corpus)


def test_syndicated_copies_grouped_into_stories(demo_db, demo_corpus):
    db, _, _ = demo_db
    story_of = {r["title"]: r["story_id"] for r in radar_sql(db, "select title, story_id from articles")}
    by_id = {a.id: a for a in demo_corpus}
    copies = [a for a in demo_corpus if a.syndicated_from]
    grouped = sum(story_of[a.title] == story_of[by_id[a.syndicated_from].title] for a in copies)
    assert grouped / len(copies) >= 0.9
    stories = radar_sql(db, "select count(*) n, sum(articles) total from stories")[0]
    assert stories["total"] == len(demo_corpus)
    # Distinct announcements stay apart: no story swallows unrelated articles.
    assert stories["n"] >= len(demo_corpus) - len(copies) - 5
    weekly = radar_sql(db, "select sum(articles) a, sum(stories) s from pillar_weekly")[0]
    assert weekly["s"] < weekly["a"]


def test_running_the_demo_again_adds_nothing(demo_db, demo_corpus):
    db, workdir, _ = demo_db
    env = {**os.environ, "RADAR_DATA_DIR": str(workdir / "data")}
    env.pop("RADAR_DB", None)
    completed = subprocess.run(
        [sys.executable, "-m", "flows.cli", "demo", "--no-dashboard", "--db", str(db)],
        capture_output=True, text=True, env=env, timeout=900, cwd=workdir,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    assert radar_sql(db, "select count(*) n from articles")[0]["n"] == len(demo_corpus)
    assert radar_sql(db, "select count(distinct run_id) n from pipeline_runs")[0]["n"] == 2
