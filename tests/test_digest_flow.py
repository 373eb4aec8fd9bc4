"""The weekly Prefect flow: every team's digest sent through a real SMTP server, each published as a Markdown
artifact, and a second run sending nothing. The flow runs in a child process with its own Prefect home."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from flows.digest.delivery import artifact_key
from flows.digest.weeks import IsoWeek
from tests.conftest import ROOT
from tests.test_digest_content import TEAMS_YAML, build_digest_warehouse
from tests.test_digest_smtp import Mailbox, smtp_server  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.slow, pytest.mark.server]

SCRIPT = """
import asyncio, json, sys
from flows.digest.delivery import artifact_key
from flows.digest.weeks import IsoWeek
from flows.digest_flow import weekly_digest_flow
from prefect.client.orchestration import get_client

first = weekly_digest_flow(week="2025-W33", teams=sys.argv[1], db=sys.argv[2])
second = weekly_digest_flow(week="2025-W33", teams=sys.argv[1], db=sys.argv[2])

async def artifacts():
    async with get_client() as client:
        found = {}
        for team in ("all-signals", "cgt-europe"):
            key = artifact_key(team, IsoWeek(2025, 33))
            latest = await client.read_latest_artifacts()
            found[key] = [a.data for a in latest if a.key == key]
        return found

print(json.dumps({"first": first, "second": second, "artifacts": asyncio.run(artifacts())}))
"""


def test_weekly_flow_sends_every_team_once_and_publishes_artifacts(tmp_path, smtp_server):  # noqa: F811
    db = build_digest_warehouse(tmp_path / "radar.duckdb")
    teams = tmp_path / "teams.yaml"
    teams.write_text(TEAMS_YAML)
    mailbox = Mailbox()
    port = smtp_server(mailbox)
    env = {**os.environ, "RADAR_DATA_DIR": str(tmp_path / "data"), "RADAR_SMTP_HOST": "127.0.0.1",
           "RADAR_SMTP_PORT": str(port), "RADAR_SMTP_FROM": "radar@example.org", "RADAR_SMTP_TLS": "none",
           "RADAR_SMTP_RETRY_DELAY": "0"}
    for name in ("RADAR_DB", "RADAR_TEAMS", "PREFECT_HOME", "RADAR_SMTP_USER", "RADAR_SMTP_PASSWORD"):
        env.pop(name, None)
    completed = subprocess.run([sys.executable, "-c", SCRIPT, str(teams), str(db)], capture_output=True,
                               text=True, env=env, cwd=ROOT, timeout=300)
    assert completed.returncode == 0, completed.stderr[-3000:]
    result = json.loads(completed.stdout.strip().splitlines()[-1])
    assert [(o["team"], o["status"]) for o in result["first"]] == [("all-signals", "sent"), ("cgt-europe", "sent")]
    assert [o["status"] for o in result["second"]] == ["skipped", "skipped"]
    assert sorted(r for recipients, _ in mailbox.received for r in recipients) == \
        ["bd@example.com", "cgt@example.com", "lead@example.com"]
    cgt = result["artifacts"]["digest-cgt-europe-2025-w33"]
    assert cgt and cgt[0].startswith("# CDMO radar: weekly digest for cgt-europe")
    assert "Nordvik Cell Works" in cgt[0]
    assert result["artifacts"]["digest-all-signals-2025-w33"]


def test_artifact_keys_are_valid():
    # Imported from flows.digest, not flows.digest_flow: importing the flow module configures Prefect in this
    # process's environment (PREFECT_HOME), which every later test's child processes would inherit.
    assert artifact_key("cgt-europe", IsoWeek(2025, 3)) == "digest-cgt-europe-2025-w03"
