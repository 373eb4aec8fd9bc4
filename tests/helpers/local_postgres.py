"""A throwaway PostgreSQL server on 127.0.0.1 for tests: initdb in a temporary folder, started and stopped by
the test (the operational store's several-machines form, warehouse/ops_store.py)."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def postgres_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def local_postgres() -> Iterator[str]:
    """Yield the URL of a database `radar` on a fresh server; the server is stopped and its folder removed
    afterwards. The folder is made directly under the system temporary folder: pytest's own is private to root,
    where the server's user could not reach it."""
    folder = Path(tempfile.mkdtemp(prefix="radar-pg-"))
    try:
        with _server(folder) as url:
            yield url
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def _server(folder: Path) -> Iterator[str]:
    bin_dir = postgres_bin()
    assert bin_dir is not None, "PostgreSQL's server binaries are not installed (make test installs them)"
    data, sockets = folder / "pgdata", folder / "pgsock"
    sockets.mkdir(parents=True)
    as_user: list[str] = []
    if os.geteuid() == 0:  # the server refuses to run as root: run it as the packaged `postgres` user
        account = pwd.getpwnam("postgres")
        data.mkdir()
        for path in (folder, data, sockets):
            os.chown(path, account.pw_uid, account.pw_gid)
        as_user = ["runuser", "-u", "postgres", "--"]
    port = _free_port()

    def run(*args: str) -> None:
        subprocess.run([*as_user, *args], check=True, capture_output=True, timeout=120)

    run(str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
    run(str(bin_dir / "pg_ctl"), "-D", str(data), "-w", "-l", str(folder / "server.log"), "-o",
        f"-c listen_addresses=127.0.0.1 -p {port} -k {sockets} -c fsync=off", "start")
    try:
        run(str(bin_dir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "radar")
        yield f"postgresql://postgres@127.0.0.1:{port}/radar"
    finally:
        run(str(bin_dir / "pg_ctl"), "-D", str(data), "-w", "-m", "immediate", "stop")
