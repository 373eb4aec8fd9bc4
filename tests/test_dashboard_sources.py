"""The Sources page (issue 17, item 6): each source's latest health from `pipeline_runs`, broken and degraded
first with the reason, and its figures over the last runs; rendered with Streamlit's AppTest on real files."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.dashboard_fixture import build_fixture_warehouse
from warehouse.connection import connect_writer
from warehouse.ops_store import ops_writer
from warehouse.run_log import SourceRun, record_run

APP = Path(__file__).resolve().parent.parent / "dashboard" / "streamlit_app.py"
HOSTILE = "<script>alert(1)</script> **loud** $5 [x](javascript:alert(2))"
START = datetime(2025, 12, 1, 6, 0, tzinfo=timezone.utc)


def _healthy(source: str, found: int) -> SourceRun:
    return SourceRun(source=source, status="ok", pages_fetched=found + 2, articles_new=2, articles_found=found,
                     dated_share=0.9, median_words=400.0, health="healthy", health_reason=f"{found} articles (usually 12)")


def record_history(db: Path) -> None:
    """Five daily runs: contract-pharma healthy throughout, lonza degrading, pr-newswire broken at the end."""
    with ops_writer(db) as ops:
        for day in range(5):
            last = day == 4
            runs = [
                _healthy("contract-pharma", 12 + day),
                _healthy("lonza", 10) if not last else SourceRun(
                    source="lonza", status="ok", pages_fetched=5, articles_found=10, dated_share=0.2,
                    median_words=390.0, health="degraded", health_reason=f"20% of articles dated against a usual 90% {HOSTILE}"),
                _healthy("pr-newswire", 30) if not last else SourceRun(
                    source="pr-newswire", status="ok", pages_fetched=2, articles_found=0, errors={"bad_feed": 1},
                    health="broken", health_reason="1 feed or sitemap no longer parses, and no article came in"),
                SourceRun(source="*", status="ok", pages_fetched=60),
            ]
            started = START + timedelta(days=day)
            record_run(ops, f"run-{day}", started, started + timedelta(minutes=5), runs)


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    db = build_fixture_warehouse(tmp_path_factory.mktemp("sources") / "radar.duckdb")
    record_history(db)
    return db


def open_sources(db: Path, monkeypatch, **query: str) -> AppTest:
    monkeypatch.setenv("RADAR_DB", str(db))
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params.update(query)
    at.run()
    at.switch_page("views/sources.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_latest_health_broken_and_degraded_first_with_the_reason(db, monkeypatch):
    at = open_sources(db, monkeypatch)
    assert [t.value for t in at.title] == ["Sources"]
    assert {m.label: m.value for m in at.metric} == {"Broken": "1", "Degraded": "1", "Healthy": "1"}
    assert "**pr\\-newswire** is broken: 1 feed or sitemap no longer parses" in at.error[0].value
    assert at.warning[0].value.startswith("**lonza** is degraded: 20% of articles dated")
    latest = at.dataframe[0].value
    assert latest["source"].tolist() == ["pr-newswire", "lonza", "contract-pharma"]
    assert latest["health"].tolist() == ["broken", "degraded", "healthy"]
    assert latest["articles_found"].tolist() == [0, 10, 16]


def test_crawled_text_in_a_reason_shows_as_text(db, monkeypatch):
    at = open_sources(db, monkeypatch)
    shown = at.warning[0].value
    assert "<script>" not in shown and "\\<script\\>alert\\(1\\)\\</script\\>" in shown
    assert "\\*\\*loud\\*\\*" in shown and "\\$5" in shown and "](javascript" not in shown


def test_charts_per_source_over_the_last_runs(db, monkeypatch):
    at = open_sources(db, monkeypatch)
    assert at.selectbox(key="sources-source").value == "pr-newswire"  # the worst first
    charts = at.get("vega_lite_chart")
    assert len(charts) == 3
    at.selectbox(key="sources-source").set_value("lonza").run()
    assert not at.exception
    assert at.query_params["health_of"] == "lonza"
    assert "5 run(s) of lonza" in " ".join(c.value for c in at.caption)
    assert len(at.get("vega_lite_chart")) == 3


def test_a_shared_url_opens_the_same_source(db, monkeypatch):
    at = open_sources(db, monkeypatch, health_of="contract-pharma")
    assert at.selectbox(key="sources-source").value == "contract-pharma"


def test_a_warehouse_without_runs_is_explained(tmp_path, monkeypatch):
    db = build_fixture_warehouse(tmp_path / "radar.duckdb")
    at = open_sources(db, monkeypatch)
    assert "No pipeline run is recorded" in at.info[0].value
    assert not at.dataframe


def test_the_page_opens_before_any_article_is_loaded(tmp_path, monkeypatch):
    db = tmp_path / "radar.duckdb"
    connect_writer(db).close()  # an empty warehouse: every source broken from the first run
    with ops_writer(db) as ops:
        record_run(ops, "run-0", START, START, [SourceRun(source="lonza", status="failed", articles_found=0,
                                                          health="broken", health_reason="nothing could be fetched")])
    at = open_sources(db, monkeypatch)
    assert "**lonza** is broken: nothing could be fetched" in at.error[0].value
