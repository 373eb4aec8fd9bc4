"""Readers never wait for a writer: the writer works on a private copy and publishes it by atomic rename.

DuckDB allows one writing process, and a read-only process cannot open a file another process is writing.
So the file users open (`data/radar.duckdb`) is only ever replaced whole: a load copies it to the hidden
working file `.radar.duckdb.work` next to it, works there, checkpoints, and renames the working file over the
published one. A reader that opened the old file keeps reading it (same inode); new readers get the new one.
A load killed half-way leaves the published file untouched; the next load discards the stale working file.

Disk: between loads only the published file exists; during a load, the published file and its working copy
(at most about twice the warehouse). Operational rows (run logs, digests, analysts' corrections) never come here:
warehouse/ops_store.py; corrections are applied to every publish as overrides (warehouse/corrections_apply.py).
"""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from warehouse.connection import connect_writer
from warehouse.corrections_apply import apply_corrections
from warehouse.corrections_store import latest_corrections
from warehouse.knowledge_base import publish_knowledge_base
from warehouse.search_index import refresh_search_index


def working_path(published: Path) -> Path:
    return published.with_name(f".{published.name}.work")


def _lock_path(published: Path) -> Path:
    return published.with_name(f".{published.name}.lock")


def _copy_atomically(source: Path, target: Path) -> None:
    partial = target.with_name(f".{target.name}.partial-{os.getpid()}")
    try:
        shutil.copyfile(source, partial)
        with open(partial, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def _publish(work: Path, published: Path) -> None:
    with open(work, "rb+") as handle:
        os.fsync(handle.fileno())
    os.replace(work, published)
    directory = os.open(published.parent, os.O_RDONLY)
    try:
        os.fsync(directory)  # the rename itself survives a power cut
    finally:
        os.close(directory)


def _remove_stale_partials(published: Path) -> None:
    for stale in published.parent.glob(f".{published.name}.partial-*"):
        stale.unlink(missing_ok=True)


class NotAWarehouse(ValueError):
    """The warehouse path holds a file that DuckDB cannot open."""


def is_duckdb_file(path: Path) -> bool:
    """DuckDB's storage format starts with an 8-byte checksum, then the magic bytes "DUCK"."""
    with open(path, "rb") as handle:
        head = handle.read(12)
    return len(head) == 12 and head[8:12] == b"DUCK"


@contextmanager
def writer_session(published: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection on the working copy; on a clean exit the result is published atomically.

    Writers queue on a lock file, so two loads never interleave. The knowledge base in use is upserted into
    `companies` at the start of every session (warehouse/knowledge_base.py).
    """
    published = Path(published)
    published.parent.mkdir(parents=True, exist_ok=True)
    with open(_lock_path(published), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        _remove_stale_partials(published)
        work = working_path(published)
        if published.exists() and not is_duckdb_file(published):
            raise NotAWarehouse(f"{published}: not a DuckDB database file; nothing was changed")
        # A working file left by a killed load is stale: the published file is the truth.
        work.unlink(missing_ok=True)
        work.with_name(work.name + ".wal").unlink(missing_ok=True)
        if published.exists():
            _copy_atomically(published, work)
        con = connect_writer(work, published)
        try:
            # The knowledge base in use first, so what the session itself writes about a company wins.
            publish_knowledge_base(con)
            yield con
            # Analysts' corrections override whatever the load wrote (warehouse/corrections_apply.py), before the
            # read-side indexes follow every change and before anyone can see it (no-ops when nothing changed).
            apply_corrections(con, latest_corrections(published))
            refresh_search_index(con)
        except BaseException:
            con.close()
            raise
        con.close()  # closing checkpoints: the working file is complete with no WAL beside it
        _publish(work, published)


def upgrade_if_behind(published: Path) -> list[int]:
    """Bring a warehouse file written by an older version up to this code's schema, through a normal publish.

    Readers never migrate (they cannot write); without this, a page or query that reads a newer column would fail on a
    file no load has touched since the upgrade. Returns the schema versions applied (none for a current or missing
    file)."""
    from warehouse.migrate import pending_versions

    published = Path(published)
    if not published.exists() or not is_duckdb_file(published):
        return []
    with duckdb.connect(str(published), read_only=True) as con:
        pending = sorted(pending_versions(con))
    if pending:
        with writer_session(published):
            pass
    return pending

