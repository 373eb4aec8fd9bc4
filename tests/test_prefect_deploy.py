"""prefect.yaml is accepted by `prefect deploy --all` against a real local Prefect server started here."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT

pytestmark = pytest.mark.slow
PREFECT = str(Path(sys.executable).with_name("prefect"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@pytest.fixture
def prefect_server(tmp_path):
    port = _free_port()
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect"), "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
           "PREFECT_API_URL": f"http://127.0.0.1:{port}/api", "RADAR_HOME": str(ROOT)}
    server = subprocess.Popen([PREFECT, "server", "start", "--host", "127.0.0.1", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 180
        while not _healthy(f"http://127.0.0.1:{port}/api/health"):
            assert time.monotonic() < deadline, "prefect server did not become healthy"
            with pytest.raises(subprocess.TimeoutExpired):  # waits on the server: it must not exit
                server.wait(timeout=0.5)
        yield env
    finally:
        server.terminate()
        server.wait(timeout=60)


def test_prefect_yaml_deploys(prefect_server):
    env = prefect_server
    pool = subprocess.run([PREFECT, "work-pool", "create", "radar-process", "--type", "process"], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert pool.returncode == 0, pool.stdout + pool.stderr
    deploy = subprocess.run([PREFECT, "--no-prompt", "deploy", "--all"], env=env, cwd=ROOT, capture_output=True,
                            text=True, timeout=300)
    assert deploy.returncode == 0, deploy.stdout[-3000:] + deploy.stderr[-3000:]
    listed = subprocess.run([PREFECT, "deployment", "ls"], env={**env, "COLUMNS": "300"}, cwd=ROOT,
                            capture_output=True, text=True,
                            timeout=120)
    declared = yaml.safe_load((ROOT / "prefect.yaml").read_text())["deployments"]
    assert declared
    for deployment in declared:
        assert deployment["name"] in listed.stdout
        assert deployment["schedules"][0]["cron"]
