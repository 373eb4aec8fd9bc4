"""The operational store on PostgreSQL (RADAR_OPS_URL): the form for several machines. One process writes run
logs and a digest delivery, others on the same shared warehouse folder read them, as other machines would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timezone

import pytest

from tests.conftest import ROOT
from tests.helpers.local_postgres import local_postgres, postgres_bin

pytestmark = [pytest.mark.server, pytest.mark.slow,
              pytest.mark.skipif(postgres_bin() is None, reason="PostgreSQL server binaries not installed "
                                 "(make test installs them: apt-get install postgresql)")]

T0 = datetime(2025, 8, 18, 7, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def ops_url():
    with local_postgres() as url:
        yield url


def other_machine(args, ops_url, **env):
    environment = {**os.environ, "RADAR_OPS_URL": ops_url, **env}
    for name in ("PREFECT_HOME", "PREFECT_LOCAL_STORAGE_PATH"):
        environment.pop(name, None)
    return subprocess.run([sys.executable, "-m", "flows.cli", *args], capture_output=True, text=True, cwd=ROOT,
                          env=environment, timeout=300)


def test_runs_and_digests_written_on_one_machine_are_read_on_another(ops_url, tmp_path, monkeypatch):
    from tests.test_warehouse import enriched
    from warehouse.digests import DigestRecord, delivered_recipients, digest_history, record_digest
    from warehouse.load import load_enriched
    from warehouse.ops_store import ops_path, ops_writer
    from warehouse.publish import writer_session
    from warehouse.run_log import SourceRun, record_run

    shared = tmp_path / "shared" / "radar.duckdb"  # the folder every machine mounts
    monkeypatch.setenv("RADAR_OPS_URL", ops_url)
    with writer_session(shared) as con:
        load_enriched(con, [enriched("a", "2025-08-12T09:00:00+00:00")])
    with ops_writer(shared) as ops:
        record_run(ops, "20250818T070000Z", T0, T0, [SourceRun("biowire", "ok", 4, 1), SourceRun("gone", "failed")])
    with ops_writer(shared) as ops:
        record_digest(ops, DigestRecord(team="cgt-europe", iso_week="2025-W33", generated_at=T0, sent_at=T0,
                                        recipients=("a@example.com", "B@example.com"), subject="s", markdown="m",
                                        html="<p>h</p>", text="t", status="sent", message_id="<id@x>"))
    assert not ops_path(shared).exists()  # nothing operational in the shared folder

    runs = other_machine(["sql", "select source, status, articles_new from pipeline_runs order by source",
                          "--db", str(shared), "--format", "json"], ops_url)
    assert runs.returncode == 0, runs.stderr
    assert json.loads(runs.stdout) == [{"source": "biowire", "status": "ok", "articles_new": 1},
                                       {"source": "gone", "status": "failed", "articles_new": 0}]
    digests = other_machine(["sql", "select team, recipients from digests", "--db", str(shared), "--format", "json"],
                            ops_url)
    assert json.loads(digests.stdout) == [{"team": "cgt-europe", "recipients": ["a@example.com", "B@example.com"]}]
    assert delivered_recipients(shared, "cgt-europe", "2025-W33") == {"a@example.com": T0, "b@example.com": T0}
    assert [h["status"] for h in digest_history(shared)] == ["sent"]


def test_an_unreachable_store_leaves_the_articles_readable(tmp_path):
    from tests.test_warehouse import enriched
    from warehouse.load import load_enriched
    from warehouse.publish import writer_session

    shared = tmp_path / "radar.duckdb"
    with writer_session(shared) as con:
        load_enriched(con, [enriched("a", "2025-08-12T09:00:00+00:00")])
    down = "postgresql://postgres@127.0.0.1:9/radar"  # nothing listens on port 9
    articles = other_machine(["sql", "select count(*) n from articles", "--db", str(shared), "--format", "json"], down)
    assert articles.returncode == 0, articles.stderr
    assert json.loads(articles.stdout) == [{"n": 1}]
    assert "RADAR_OPS_URL: cannot read the operational store" in articles.stderr
    runs = other_machine(["sql", "select count(*) n from pipeline_runs", "--db", str(shared), "--format", "json"], down)
    assert json.loads(runs.stdout) == [{"n": 0}]
