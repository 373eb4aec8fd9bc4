"""A pytest plugin: a test that starts a server must carry the `server` marker.

"Starts a server" means: a socket starts listening (an HTTP, SMTP, Prefect or Dask server in this process), or a
server program is started as a child process (redis-server, PostgreSQL, Streamlit, Chromium, `radar demo` or
`radar dashboard`), while the test or one of its fixtures is set up or runs. A fixture seen starting a server once
is remembered, so every later test that uses it must be marked too, even when the fixture is shared.

`make check` deselects `server` and `slow` tests; this guard keeps that fast tier honest. With
RADAR_SERVER_GUARD_REPORT=FILE it writes the unmarked tests to FILE instead of failing them.
"""
from __future__ import annotations

import os
import socket
import subprocess
from pathlib import Path

import pytest

SERVER_PROGRAMS = ("redis-server", "postgres", "pg_ctl", "streamlit", "chromium")
RADAR_SERVERS = ("demo", "dashboard")

_events: list[str] = []
_server_fixtures: dict[str, str] = {}
_original_listen = socket.socket.listen
_original_popen_init = subprocess.Popen.__init__


def _listen(self: socket.socket, *args: object) -> None:
    try:
        where = self.getsockname()
    except OSError:
        where = "?"
    _events.append(f"listens on {where}")
    _original_listen(self, *args)


def starts_server(argv: object) -> bool:
    parts = [str(a) for a in argv] if isinstance(argv, (list, tuple)) else str(argv).split()
    names = [Path(p).name for p in parts]
    if any(program in name for name in names for program in SERVER_PROGRAMS):
        return True
    return any(name == "radar" for name in names) and any(p in RADAR_SERVERS for p in parts)


def _popen_init(self: subprocess.Popen, args: object, *rest: object, **kwargs: object) -> None:
    if starts_server(args):
        _events.append(f"starts {' '.join(map(str, args)) if isinstance(args, (list, tuple)) else args}"[:120])
    _original_popen_init(self, args, *rest, **kwargs)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "server: starts a server (HTTP, SMTP, Redis, PostgreSQL, Streamlit, Prefect, "
                                       "Dask, a browser) on 127.0.0.1")
    socket.socket.listen = _listen  # type: ignore[method-assign]
    subprocess.Popen.__init__ = _popen_init  # type: ignore[method-assign]


def pytest_unconfigure(config: pytest.Config) -> None:
    socket.socket.listen = _original_listen  # type: ignore[method-assign]
    subprocess.Popen.__init__ = _original_popen_init  # type: ignore[method-assign]


@pytest.hookimpl(hookwrapper=True)
def pytest_fixture_setup(fixturedef: pytest.FixtureDef, request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    before = len(_events)
    yield
    if len(_events) > before:
        _server_fixtures.setdefault(fixturedef.argname, _events[before])


def _unmarked_server(item: pytest.Item, started: list[str]) -> str | None:
    if item.get_closest_marker("server") is not None:
        return None
    if started:
        return started[0]
    for name in getattr(item, "fixturenames", ()):
        if name in _server_fixtures:
            return f"uses fixture {name!r}, which {_server_fixtures[name]}"
    return None


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):  # type: ignore[no-untyped-def]
    outcome = yield
    report = outcome.get_result()
    if call.when == "setup":
        item.stash[_START_KEY] = len(_events)  # events of this test's call phase start here
        item.stash[_SETUP_KEY] = _events[item.stash.get(_BEFORE_KEY, len(_events)):]
        return
    if call.when != "call" or report.outcome == "skipped":
        return
    started = item.stash.get(_SETUP_KEY, []) + _events[item.stash.get(_START_KEY, len(_events)):]
    reason = _unmarked_server(item, started)
    if reason is None:
        return
    message = f"{item.nodeid} starts a server ({reason}) but is not marked @pytest.mark.server"
    report_file = os.environ.get("RADAR_SERVER_GUARD_REPORT")
    if report_file:
        with open(report_file, "a", encoding="utf-8") as out:
            out.write(message + "\n")
        return
    report.outcome = "failed"
    report.longrepr = message


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    item.stash[_BEFORE_KEY] = len(_events)


_BEFORE_KEY = pytest.StashKey[int]()
_START_KEY = pytest.StashKey[int]()
_SETUP_KEY = pytest.StashKey[list]()
