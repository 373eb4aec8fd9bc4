"""The guard behind `make check`: a test that starts a server without the `server` marker fails, with the reason."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.helpers.server_guard import starts_server

ROOT = Path(__file__).resolve().parents[1]

SUITE = '''
import socket, subprocess, sys
import pytest

@pytest.fixture(scope="session")
def listening():
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    yield server
    server.close()

def test_plain():
    assert 1 + 1 == 2

def test_unmarked_listener():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()

@pytest.mark.server
def test_marked_listener(listening):
    assert listening.getsockname()[1] > 0

def test_unmarked_user_of_a_shared_server_fixture(listening):
    assert listening

def test_unmarked_child_server():
    subprocess.run([sys.executable, "-c", "pass", "streamlit"], check=True)
'''


@pytest.fixture
def guarded(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    monkeypatch.delenv("RADAR_SERVER_GUARD_REPORT", raising=False)
    pytester.makepyfile(test_suite=SUITE)
    return pytester


def test_unmarked_tests_that_start_servers_fail_with_the_reason(guarded: pytest.Pytester):
    result = guarded.runpytest_subprocess("-p", "tests.helpers.server_guard", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=2, failed=3)
    result.stdout.fnmatch_lines([
        "*test_unmarked_listener starts a server (listens on*) but is not marked @pytest.mark.server*",
        "*test_unmarked_user_of_a_shared_server_fixture starts a server (uses fixture 'listening'*",
        "*test_unmarked_child_server starts a server (starts *streamlit*",
    ])


def test_report_mode_lists_offenders_without_failing(guarded: pytest.Pytester, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch):
    report = tmp_path / "unmarked.txt"
    monkeypatch.setenv("RADAR_SERVER_GUARD_REPORT", str(report))
    result = guarded.runpytest_subprocess("-p", "tests.helpers.server_guard", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=5)
    lines = report.read_text().splitlines()
    assert len(lines) == 3 and all("not marked @pytest.mark.server" in line for line in lines)


@given(st.sampled_from(["redis-server", "/usr/lib/postgresql/15/bin/postgres", "streamlit", "/usr/bin/chromium"]),
       st.lists(st.text(alphabet="abc-=/ ", max_size=8), max_size=3))
def test_server_programs_are_recognised_whatever_their_arguments(program: str, args: list[str]):
    assert starts_server([program, *args])


@pytest.mark.parametrize("argv, expected", [
    (["radar", "demo", "--no-dashboard"], True),
    (["/x/.venv/bin/radar", "dashboard"], True),
    (["radar", "load", "--in", "demo.jsonl"], False),
    (["python", "-c", "print(1)"], False),
    ("git status", False),
])
def test_radar_servers_but_not_other_commands(argv: object, expected: bool):
    assert starts_server(argv) is expected
