"""`radar reprocess` streams: an index pass instead of the records in memory, enrichment staged batch by batch
(resumable after SIGKILL, never enriching a completed batch again), and one load published at the end (a kill
during it leaves the published warehouse as it was, readers reading throughout)."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
import tracemalloc

import duckdb
import pytest

from flows import reprocess as reprocess_module
from flows.raw_index import index_raw_files
from flows.reprocess import NothingToReprocess, reprocess
from flows.reprocess_staging import StagingBusy, staging_lock
from tests.conftest import ROOT
from tests.helpers.fake_enricher import FakeEnricher, Tracked, raw_record


def _write_raw(data_dir, name, records, extra: bytes = b""):
    raw = data_dir / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    path = raw / name
    path.write_bytes(b"".join(json.dumps(r).encode() + b"\n" for r in records) + extra)
    return path


def _articles(db):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("select id, model_version from articles order by id").fetchall()
    finally:
        con.close()


def _state(data_dir):
    states = list((data_dir / "reprocess").glob("*/state.json"))
    return json.loads(states[0].read_text()) if states else None


def _wait_for_state(data_dir, ready, child, timeout=300):
    """The staging state once `ready(state)`; the child must still be running."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            state = _state(data_dir)
        except ValueError:
            state = None
        if state is not None and ready(state):
            return state
        try:  # the pause between looks is a wait on the child: it ends early if the child exits
            child.wait(timeout=0.02)
        except subprocess.TimeoutExpired:
            continue
        raise AssertionError(f"the child exited before the wanted state: {child.stderr.read()}")
    raise AssertionError(f"no staging state such as wanted after {timeout} s")


def _child(data_dir, db, *args):
    return subprocess.Popen([sys.executable, "-m", "tests.helpers.reprocess_child", str(data_dir), str(db), *args],
                            cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def _run_child(data_dir, db, *args):
    child = _child(data_dir, db, *args)
    out, err = child.communicate(timeout=600)
    assert child.returncode == 0, err[-3000:]
    return out.splitlines()[:-1], json.loads(out.splitlines()[-1])


def _sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_index_keeps_where_the_latest_copy_is_and_lists_damaged_lines(tmp_path):
    first = _write_raw(tmp_path, "2025-01.jsonl", [
        raw_record("a", title="a new", fetched_at="2025-03-06T00:00:00+00:00"),
        raw_record("b", title="b first"),
        raw_record("c", title="c dated", fetched_at="2025-01-01T00:00:00+00:00"),
    ], extra=b"{broken\n\n[1]\n")
    second = _write_raw(tmp_path, "2025-02.jsonl", [
        raw_record("a", title="a old", fetched_at="2025-03-01T00:00:00+00:00"),
        raw_record("b", title="b second"),  # same fetched_at: the later file wins
        raw_record("c", title="c undated", fetched_at=None),
        raw_record("d", title="d"),
    ], extra=b"\xff\xfe\n")
    index = index_raw_files(tmp_path / "raw")
    assert len(index) == 4
    assert index.bad_lines == [f"{first}:4: skipped, not a JSON record (JSONDecodeError)",
                               f"{first}:6: skipped, not an article record (no id)",
                               f"{second}:5: skipped, not a JSON record (UnicodeDecodeError)"]
    batches = list(index.batches(0, 3))
    assert [len(b) for b in batches] == [3, 1]
    assert [r["title"] for b in batches for r in b] == ["a new", "c dated", "b second", "d"]
    assert [r["id"] for b in index.batches(2, 3) for r in b] == ["b", "d"]


def test_nothing_to_reprocess(tmp_path):
    _write_raw(tmp_path, "r.jsonl", [], extra=b"{broken\n")
    with pytest.raises(NothingToReprocess, match=r"raw: no raw crawl records to reprocess \(1 damaged lines\)"):
        reprocess(tmp_path / "raw", tmp_path / "w.duckdb", enricher_factory=FakeEnricher)


def test_enricher_gets_a_batch_at_a_time_and_records_held_are_bounded(tmp_path, monkeypatch):
    _write_raw(tmp_path, "r1.jsonl", [raw_record(f"a{i:03d}") for i in range(120)])
    _write_raw(tmp_path, "r2.jsonl", [raw_record(f"b{i:03d}") for i in range(80)])
    loads = []
    load_enriched = reprocess_module.load_enriched

    def counting_load(con, records):
        loads.append(len(records))
        return load_enriched(con, records)

    monkeypatch.setattr(reprocess_module, "load_enriched", counting_load)
    enricher = FakeEnricher()
    Tracked.reset()
    result = reprocess(tmp_path / "raw", tmp_path / "w.duckdb", enricher_factory=lambda: enricher,
                       enrich_batch=8, load_batch=16)
    assert result.new == 200 and enricher.closed
    assert max(enricher.batches) == 8 and sum(enricher.batches) == 200
    assert Tracked.most_alive <= 2 * 8  # the batch being staged and, at most, the one before
    assert max(loads) == 16 and sum(loads) == 200
    assert len(_articles(tmp_path / "w.duckdb")) == 200
    assert [p.name for p in (tmp_path / "reprocess").iterdir()] == [".lock"]


def test_memory_stays_far_below_the_raw_files(tmp_path):
    _write_raw(tmp_path / "warm-up", "r.jsonl", [raw_record("w")])
    reprocess(tmp_path / "warm-up" / "raw", tmp_path / "warm-up" / "w.duckdb", enricher_factory=FakeEnricher)
    text = "Lonza opened a new plant in Visp, Switzerland, and will hire staff for the line. " * 100
    _write_raw(tmp_path, "r.jsonl", [
        raw_record(f"id{i:05d}", text=f"{i} {text}", published=f"{2000 + i // 200}-{1 + i // 16 % 12:02d}-"
                   f"{1 + i % 16:02d}T10:00:00+00:00") for i in range(2000)])
    raw_bytes = (tmp_path / "raw" / "r.jsonl").stat().st_size
    tracemalloc.start()
    try:
        reprocess(tmp_path / "raw", tmp_path / "w.duckdb", enricher_factory=FakeEnricher, load_batch=100)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert raw_bytes > 15_000_000 and len(_articles(tmp_path / "w.duckdb")) == 2000
    # The records all in memory at once would take more than the file itself (Python strings and dicts).
    assert peak < raw_bytes / 4, f"peak {peak:,} bytes of Python objects for {raw_bytes:,} bytes of raw files"


def test_one_reprocess_at_a_time(tmp_path):
    _write_raw(tmp_path, "r.jsonl", [raw_record("a")])
    with staging_lock(tmp_path / "reprocess"), pytest.raises(StagingBusy, match="another radar reprocess is running"):
        reprocess(tmp_path / "raw", tmp_path / "w.duckdb", enricher_factory=FakeEnricher)


@pytest.mark.parametrize("change", ["model", "raw files"])
def test_other_models_or_raw_files_discard_an_interrupted_run(tmp_path, change):
    _write_raw(tmp_path, "r.jsonl", [raw_record(f"a{i:02d}") for i in range(20)])

    class Interrupted(FakeEnricher):
        def enrich(self, records):
            if len(self.batches) == 2:
                raise KeyboardInterrupt
            return super().enrich(records)

    with pytest.raises(KeyboardInterrupt):
        reprocess(tmp_path / "raw", tmp_path / "w.duckdb", enricher_factory=Interrupted, enrich_batch=4)
    assert _state(tmp_path)["done"] == 8
    if change == "raw files":
        _write_raw(tmp_path, "r2.jsonl", [raw_record("b00")])
    notices: list[str] = []
    other = FakeEnricher("fake-2" if change == "model" else "fake-1")
    result = reprocess(tmp_path / "raw", tmp_path / "w.duckdb", enricher_factory=lambda: other, enrich_batch=4,
                       notice=notices.append)
    assert len(notices) == 1 and notices[0].startswith("discarded ")
    assert result.resumed == 0 and len(other.enriched_ids) == result.new == 20 + (change == "raw files")
    assert {version for _, version in _articles(tmp_path / "w.duckdb")} == {other.model_version}


@pytest.mark.slow
def test_sigkill_mid_enrichment_then_rerun_resumes_after_the_last_complete_batch(tmp_path):
    ids = [f"a{i:02d}" for i in range(22)]
    _write_raw(tmp_path, "r.jsonl", [raw_record(i) for i in ids])
    db = tmp_path / "radar.duckdb"
    child = _child(tmp_path, db, "--enrich-batch", "4", "--hang-at-batch", "2")
    assert child.stdout.readline().strip() == "enriching batch 3"
    assert _wait_for_state(tmp_path, lambda s: s["done"] >= 4, child)["done"] == 8
    child.send_signal(signal.SIGKILL)
    child.wait()
    # As if the kill had landed while a batch was being written.
    staged = next((tmp_path / "reprocess").glob("*/enriched.jsonl"))
    with open(staged, "ab") as out:
        out.write(b'{"id": "a08", "title": "half a li')
    notices, result = _run_child(tmp_path, db, "--enrich-batch", "4")
    assert notices == ["resuming: 8 of 22 already re-enriched"]
    assert result["resumed"] == 8 and result["new"] == 22
    assert result["enrich_calls"] == 4  # batches 3 to 6 only
    assert _articles(db) == [(i, "fake-1") for i in ids]
    assert [p.name for p in (tmp_path / "reprocess").iterdir()] == [".lock"]


READER = """
import duckdb, json, os, sys
db, stop = sys.argv[1], sys.argv[2]
held = duckdb.connect(db, read_only=True)
seen, errors, reads = set(), [], 0
while True:
    stopping = os.path.exists(stop)
    try:
        con = duckdb.connect(db, read_only=True)
        n, versions = con.execute("select count(*), list(distinct model_version) from articles").fetchone()
        con.close()
        seen.add((n, ",".join(sorted(versions)), held.execute("select count(*) from articles").fetchone()[0]))
    except Exception as exc:
        errors.append(str(exc).splitlines()[0])
    reads += 1
    if reads == 1:
        print("reading", flush=True)
    if stopping:
        break
print(json.dumps({"reads": reads, "seen": sorted(seen), "errors": errors[:5]}))
"""


@pytest.mark.slow
def test_sigkill_mid_load_leaves_the_published_warehouse_to_its_readers_and_rerun_loads_the_staged_records(
        tmp_path):
    records = [raw_record(f"a{i:02d}") for i in range(22)]
    records[5] = raw_record("boom", title="boom")  # enrichment fails
    records[9] = raw_record("late", published="9999-01-01T00:00:00+00:00")  # the load refuses it
    raw = _write_raw(tmp_path, "r.jsonl", records, extra=b"{broken\n")
    db, quarantine = tmp_path / "radar.duckdb", tmp_path / "quarantine" / "reprocess.jsonl"
    first = reprocess(tmp_path / "raw", db, quarantine_file=quarantine, enricher_factory=FakeEnricher)
    assert first.new == 20 and [r["id"] for r in first.set_aside] == ["boom", "late"]
    published = _sha256(db)
    stop = tmp_path / "stop-reading"
    reader = subprocess.Popen([sys.executable, "-c", READER, str(db), str(stop)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    try:
        assert reader.stdout.readline().strip() == "reading"
        loader = _child(tmp_path, db, "--model-version", "fake-2", "--load-batch", "4", "--hang-in-load", "2")
        assert loader.stdout.readline().strip() == "loaded 2 batches"
        assert _wait_for_state(tmp_path, lambda s: s["loading"], loader)["staged"] == 20
        assert {v for _, v in _articles(db)} == {"fake-1"}
        loader.send_signal(signal.SIGKILL)
        loader.wait()
        assert _sha256(db) == published
        assert len(_articles(db)) == 20
        notices, result = _run_child(tmp_path, db, "--model-version", "fake-2", "--load-batch", "4")
        assert notices == ["resuming: 22 of 22 already re-enriched; loading"]
        assert result["enrich_calls"] == 0 and result["set_aside"] == ["boom", "late"]
        assert result["bad_lines"] == [f"{raw}:23: skipped, not a JSON record (JSONDecodeError)"]
    finally:
        stop.touch()
        out, err = reader.communicate(timeout=120)
    assert reader.returncode == 0, err
    reads = json.loads(out)
    assert reads["errors"] == [] and reads["reads"] > 1
    assert {tuple(s) for s in reads["seen"]} <= {(20, "fake-1", 20), (20, "fake-2", 20)}
    assert _articles(db) == sorted((r["id"], "fake-2") for r in records if r["id"] not in ("boom", "late"))
    assert [json.loads(line)["id"] for line in quarantine.read_text().splitlines()] == ["boom", "late"] * 2


@pytest.mark.slow
def test_real_enricher_radar_reprocess_resumes_after_sigkill(tmp_path, enricher):
    texts = ["Lonza opened a new plant in Visp, Switzerland, on Monday.",
             "Samsung Biologics appointed Jane Doe as chief executive officer.",
             "WuXi Biologics launched a digital batch record platform for its clients."]
    ids = [f"r{i:02d}" for i in range(12)]
    _write_raw(tmp_path, "r.jsonl", [raw_record(i, title=texts[k % 3].split(",")[0], text=texts[k % 3])
                                     for k, i in enumerate(ids)])
    db = tmp_path / "radar.duckdb"
    child = _child(tmp_path, db, "--real", "--enrich-batch", "4", "--hang-at-batch", "1")
    assert child.stdout.readline().strip() == "enriching batch 2", child.stderr.read()[-3000:]
    _wait_for_state(tmp_path, lambda s: s["done"] >= 4, child)
    child.send_signal(signal.SIGKILL)
    child.wait()
    env = {**os.environ, "RADAR_DATA_DIR": str(tmp_path)}
    for name in ("RADAR_DB", "PREFECT_HOME", "PREFECT_LOCAL_STORAGE_PATH"):
        env.pop(name, None)
    completed = subprocess.run([sys.executable, "-m", "flows.cli", "reprocess", "--db", str(db)], cwd=ROOT, env=env,
                               capture_output=True, text=True, timeout=600)
    assert completed.returncode == 0, completed.stderr[-3000:]
    assert "resuming: 4 of 12 already re-enriched" in completed.stderr
    assert "re-enriching" in completed.stderr and "loading" in completed.stderr
    assert "0 re-enriched, 12 new" in completed.stdout and "4 resumed" in completed.stdout
    assert _articles(db) == [(i, enricher.model_version) for i in ids]
