"""Readers are never blocked by a load, and a load killed half-way leaves the warehouse as it was.

Real processes: a loader child process, readers in this process and in children, SIGKILL.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import duckdb
import pytest

from tests.conftest import ROOT
from warehouse.publish import working_path, writer_session

pytestmark = pytest.mark.slow


def _loader(db, *args):
    return subprocess.Popen(
        [sys.executable, "-m", "tests.helpers.load_synthetic", str(db), *args],
        cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def _count(db) -> int:
    """Count articles from a fresh process, as a data scientist's notebook would."""
    completed = subprocess.run(
        [sys.executable, "-c", "import duckdb,sys; print(duckdb.connect(sys.argv[1], read_only=True)"
         ".execute('select count(*) from articles').fetchone()[0])", str(db)],
        capture_output=True, text=True, timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    return int(completed.stdout)


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "radar.duckdb"
    loader = _loader(path, "--count", "500", "--seed", "1")
    out, err = loader.communicate(timeout=300)
    assert loader.returncode == 0, err
    return path


def test_readers_keep_reading_during_a_load(db):
    loader = _loader(db, "--count", "20000", "--seed", "2")
    assert loader.stdout.readline().strip() == "loading"
    seen = []
    # Read over and over, from this process, for as long as the load runs: never an error, never half a batch.
    while loader.poll() is None:
        con = duckdb.connect(str(db), read_only=True)
        seen.append(con.execute("select count(*) from articles").fetchone()[0])
        con.close()
        if len(seen) >= 2000:
            break
    out, err = loader.communicate(timeout=300)
    assert loader.returncode == 0, err
    assert "published" in out
    assert seen and set(seen) <= {500, 20500}
    assert seen[0] == 500
    assert _count(db) == 20500


def test_sql_command_reads_while_a_load_runs(db):
    loader = _loader(db, "--count", "1000", "--seed", "3", "--hang-mid-load")
    assert loader.stdout.readline().strip() == "loading"
    assert loader.stdout.readline().strip() == "in-transaction"
    completed = subprocess.run(
        [sys.executable, "-m", "flows.cli", "sql", "select count(*) n from articles", "--db", str(db),
         "--format", "csv"], capture_output=True, text=True, cwd=ROOT, timeout=120)
    loader.kill()
    loader.wait()
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.splitlines() == ["n", "500"]


def test_sigkill_mid_load_leaves_the_warehouse_as_it_was_and_the_next_load_completes(db):
    before_published = _count(db)
    loader = _loader(db, "--count", "3000", "--seed", "4", "--hang-mid-load")
    assert loader.stdout.readline().strip() == "loading"
    assert loader.stdout.readline().strip() == "in-transaction"
    os.kill(loader.pid, signal.SIGKILL)
    loader.wait()
    assert loader.returncode == -signal.SIGKILL
    assert _count(db) == before_published
    assert working_path(db).exists()  # left behind by the kill; the next load discards it
    rerun = _loader(db, "--count", "3000", "--seed", "4")
    out, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err
    assert _count(db) == before_published + 3000
    assert not list(db.parent.glob(".*partial*"))
    assert not working_path(db).exists()


def test_between_loads_only_the_published_file_is_on_disk(db):
    # Published by rename, not by a second copy: no working copy, no WAL, no partial file stays behind.
    assert sorted(p.name for p in db.parent.iterdir() if p.name.startswith((db.name, f".{db.name}"))
                  and not p.name.endswith(".lock")) == [db.name]


def test_failed_session_publishes_nothing(tmp_path):
    db = tmp_path / "radar.duckdb"
    with writer_session(db) as con:
        con.execute("create table notes (note varchar); insert into notes values ('a')")
    with pytest.raises(RuntimeError), writer_session(db) as con:
        con.execute("insert into notes values ('b')")
        raise RuntimeError("boom")
    completed = subprocess.run(
        [sys.executable, "-c", "import duckdb,sys; print(duckdb.connect(sys.argv[1], read_only=True)"
         ".execute('select list(note order by note) from notes').fetchone()[0])", str(db)],
        capture_output=True, text=True)
    assert completed.stdout.strip() == "['a']"
