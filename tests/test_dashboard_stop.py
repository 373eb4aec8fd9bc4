"""`radar dashboard` stopped with SIGTERM or SIGINT stops its Streamlit server too: no orphan holds the port."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import urllib.request

import pytest

from tests.conftest import ROOT
from tests.test_warehouse import enriched
from warehouse.connection import connect_writer
from warehouse.load import load_enriched

pytestmark = [pytest.mark.slow, pytest.mark.server]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _children(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    state = subprocess.run(["ps", "-o", "stat=", "-p", str(pid)], capture_output=True, text=True).stdout.strip()
    return bool(state) and not state.startswith("Z")


def _healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1) as answer:
            return answer.status == 200
    except OSError:
        return False


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_stopping_radar_dashboard_stops_streamlit(tmp_path, signum):
    db = tmp_path / "radar.duckdb"
    con = connect_writer(db)
    load_enriched(con, [enriched("a")])
    con.close()
    port = _free_port()
    radar = subprocess.Popen([sys.executable, "-m", "flows.cli", "dashboard", "--db", str(db), "--port", str(port)],
                             cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        # Wait for the server by polling its health endpoint (bounded by the readiness of a real process).
        for _ in range(600):
            if _healthy(port) or radar.poll() is not None:
                break
            subprocess.run(["sleep", "0.1"])
        assert _healthy(port), "the dashboard never came up"
        servers = _children(radar.pid)
        assert servers
        radar.send_signal(signum)
        radar.wait(timeout=30)
        for pid in servers:
            subprocess.run(["timeout", "15", "sh", "-c", f"while kill -0 {pid} 2>/dev/null; do sleep 0.1; done"])
            assert not _alive(pid), f"streamlit process {pid} outlived radar dashboard"
        assert not _healthy(port)
    finally:
        if radar.poll() is None:
            radar.kill()
