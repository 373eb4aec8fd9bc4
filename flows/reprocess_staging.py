"""The staging area of `radar reprocess`: data/reprocess/<fingerprint>/ holds the re-enriched records, appended
batch by batch, and a state file replaced atomically after each batch. A reprocess killed at any moment resumes
after its last complete batch; the fingerprint (raw files and model version) keeps a resume from mixing inputs
or models.

    state.json      what is done (StageState)
    damaged.txt     the raw lines the index pass skipped, "file:line: reason"
    enriched.jsonl  loadable re-enriched records
    aside.jsonl     records set aside, as quarantine lines
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

from flows.quarantine import quarantine_line

STATE, DAMAGED, ENRICHED, ASIDE = "state.json", "damaged.txt", "enriched.jsonl", "aside.jsonl"


class StagingBusy(RuntimeError):
    """Another `radar reprocess` holds the staging area."""


class StagingDamaged(RuntimeError):
    """A staged file cannot be read back."""


def fingerprint(raw_files: list[Path], model_version: str) -> str:
    """Changes when a raw file is added, removed or changed (name, size, mtime), or the models change."""
    digest = hashlib.sha256(f"model {model_version}\n".encode())
    for path in raw_files:
        stat = path.stat()
        digest.update(f"{path.name}\t{stat.st_size}\t{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


@dataclass
class StageState:
    fingerprint: str
    total: int  # articles in the raw files (latest copy of each id)
    done: int = 0  # of them, re-enriched in complete batches (staged or set aside)
    staged: int = 0  # records in enriched.jsonl
    enriched_bytes: int = 0  # length of enriched.jsonl after the last complete batch
    aside_bytes: int = 0  # length of aside.jsonl after the last complete batch
    loading: bool = False  # every batch is enriched; the load phase has begun
    quarantine_from: int = 0  # the quarantine file's length before this reprocess appended to it


@contextmanager
def staging_lock(root: Path) -> Iterator[None]:
    """Only one reprocess at a time uses the staging area."""
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StagingBusy(f"{root}: another radar reprocess is running") from None
        yield


def _write_atomically(path: Path, text: str) -> None:
    partial = path.with_name(path.name + ".partial")
    with open(partial, "w", encoding="utf-8") as out:
        out.write(text)
        out.flush()
        os.fsync(out.fileno())
    os.replace(partial, path)


def _append(path: Path, lines: list[str]) -> int:
    """Append and flush to disk; the file's new length."""
    with open(path, "ab") as out:
        out.write("".join(lines).encode("utf-8"))
        out.flush()
        os.fsync(out.fileno())
        return out.tell()


@dataclass
class Staging:
    dir: Path
    state: StageState

    @classmethod
    def resume(cls, root: Path, fingerprint: str) -> tuple[Staging | None, list[Path]]:
        """(the staging of this fingerprint with any incomplete batch cut off, or None; the stale staging
        folders of other fingerprints, removed)."""
        stale = [d for d in sorted(root.iterdir()) if d.is_dir() and d.name != fingerprint[:16]]
        for folder in stale:
            shutil.rmtree(folder)
        folder = root / fingerprint[:16]
        try:
            state = StageState(**json.loads((folder / STATE).read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            shutil.rmtree(folder, ignore_errors=True)  # no complete state yet: nothing to resume
            return None, stale
        stage = cls(folder, state)
        if state.fingerprint != fingerprint or not stage._cut_to_last_batch():
            shutil.rmtree(folder)
            return None, [*stale, folder]
        return stage, stale

    @classmethod
    def create(cls, root: Path, fingerprint: str, total: int, damaged: list[str]) -> Staging:
        folder = root / fingerprint[:16]
        folder.mkdir(parents=True)
        (folder / DAMAGED).write_text("".join(f"{line}\n" for line in damaged), encoding="utf-8")
        for name in (ENRICHED, ASIDE):
            (folder / name).touch()
        stage = cls(folder, StageState(fingerprint, total))
        stage._save()  # last: a folder without a state is started afresh
        return stage

    def _cut_to_last_batch(self) -> bool:
        """Drop what a killed run wrote after its last complete batch; False if staged bytes are missing."""
        for name, length in ((ENRICHED, self.state.enriched_bytes), (ASIDE, self.state.aside_bytes)):
            path = self.dir / name
            if not path.exists() or path.stat().st_size < length:
                return False
            os.truncate(path, length)
        return True

    def _save(self) -> None:
        _write_atomically(self.dir / STATE, json.dumps(asdict(self.state)))

    @property
    def damaged(self) -> list[str]:
        return (self.dir / DAMAGED).read_text(encoding="utf-8").splitlines()

    def add_batch(self, raw_count: int, good: list[dict], aside: list[dict]) -> None:
        """Stage one enriched batch of `raw_count` raw records, then record it as done."""
        if good:
            self.state.enriched_bytes = _append(self.dir / ENRICHED,
                                                [json.dumps(r, ensure_ascii=True) + "\n" for r in good])
        if aside:
            self.state.aside_bytes = _append(self.dir / ASIDE, [quarantine_line(r) for r in aside])
        self.state.done += raw_count
        self.state.staged += len(good)
        self._save()

    def start_loading(self, quarantine_file: Path | None) -> None:
        if not self.state.loading:
            self.state.loading = True
            exists = quarantine_file is not None and quarantine_file.exists()
            self.state.quarantine_from = quarantine_file.stat().st_size if exists else 0  # type: ignore[union-attr]
            self._save()

    def set_aside(self) -> list[dict]:
        return [json.loads(line) for line in (self.dir / ASIDE).read_text(encoding="utf-8").splitlines()]

    def write_quarantine(self, quarantine_file: Path) -> None:
        """Append the set-aside records to the quarantine file exactly once, however often the load is rerun."""
        if not self.state.aside_bytes:
            return
        quarantine_file.parent.mkdir(parents=True, exist_ok=True)
        with open(quarantine_file, "ab") as out, open(self.dir / ASIDE, "rb") as aside:
            out.truncate(min(self.state.quarantine_from, out.tell()))
            shutil.copyfileobj(aside, out)

    def staged_batches(self, size: int) -> Iterator[list[dict]]:
        path = self.dir / ENRICHED
        with open(path, "rb") as handle:
            batch: list[dict] = []
            for number, line in enumerate(handle, start=1):
                try:
                    batch.append(json.loads(line))
                except ValueError as exc:
                    raise StagingDamaged(f"{path}:{number}: not a staged record ({exc.__class__.__name__}); "
                                         f"remove {self.dir} and run radar reprocess again") from None
                if len(batch) == size:
                    yield batch
                    batch = []
            if batch:
                yield batch

    def remove(self) -> None:
        shutil.rmtree(self.dir)
