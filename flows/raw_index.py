"""The raw crawl files (data/raw/*.jsonl) indexed without keeping their records: where the latest copy of each
article is, so `radar reprocess` reads the records back by byte offset, one batch at a time."""

from __future__ import annotations

import json
import struct
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

# (file number, byte offset) packed in front of the fetched_at bytes: ~180 bytes per id with the id and the dict
# slot, where a tuple of int, int and str takes ~280. Big-endian, so the packed values sort in file and offset
# order; UTF-8 bytes sort like the strings they encode.
_WHERE = struct.Struct(">IQ")


class RawFileChanged(RuntimeError):
    """A raw file no longer holds the record the index found in it."""


@dataclass(frozen=True)
class RawIndex:
    """The latest fetched copy of every article: files[file_nos[k]] at offsets[k], in file and offset order."""

    files: list[Path]
    file_nos: array = field(default_factory=lambda: array("I"))
    offsets: array = field(default_factory=lambda: array("q"))
    bad_lines: list[str] = field(default_factory=list)  # "file:line: reason" of lines that are not records

    def __len__(self) -> int:
        return len(self.offsets)

    def batches(self, start: int, size: int) -> Iterator[list[dict]]:
        """The records from the `start`-th on, `size` at a time, read back from the raw files."""
        handle, open_no = None, -1
        try:
            for first in range(start, len(self), size):
                batch = []
                for k in range(first, min(first + size, len(self))):
                    if self.file_nos[k] != open_no:
                        if handle is not None:
                            handle.close()
                        open_no = self.file_nos[k]
                        handle = open(self.files[open_no], "rb")
                    assert handle is not None
                    handle.seek(self.offsets[k])
                    record, _ = parse_raw_line(handle.readline())
                    if record is None:
                        raise RawFileChanged(f"{self.files[open_no]}: changed while reprocessing (no record at "
                                             f"byte {self.offsets[k]}); run radar reprocess again")
                    batch.append(record)
                yield batch
        finally:
            if handle is not None:
                handle.close()


def parse_raw_line(raw: bytes) -> tuple[dict | None, str]:
    """(the article record, "") or (None, why the line is not one)."""
    try:
        record = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return None, f"not a JSON record ({exc.__class__.__name__})"
    if not isinstance(record, dict) or not isinstance(record.get("id"), str):
        return None, "not an article record (no id)"
    return record, ""


def raw_files(raw_dir: Path) -> list[Path]:
    return sorted(Path(raw_dir).glob("*.jsonl"))


def index_raw_files(raw_dir: Path, progress: Callable[[int, int], None] = lambda done, total: None) -> RawIndex:
    """One pass over the raw files keeping, per id, where its most recently fetched copy is (on equal fetched_at
    the later file and line wins). Lines that are not records are listed as "file:line: reason" and skipped.
    `progress(bytes read, bytes in all files)` is called as the pass goes."""
    files = raw_files(raw_dir)
    total_bytes = sum(p.stat().st_size for p in files)
    latest: dict[str, bytes] = {}
    bad_lines: list[str] = []
    read = 0
    for file_no, path in enumerate(files):
        with open(path, "rb") as handle:
            offset = 0
            for number, raw in enumerate(handle, start=1):
                start, offset = offset, offset + len(raw)
                if number % 10_000 == 0:
                    progress(read + offset, total_bytes)
                if not raw.strip():
                    continue
                record, reason = parse_raw_line(raw)
                if record is None:
                    bad_lines.append(f"{path}:{number}: skipped, {reason}")
                    continue
                fetched = record.get("fetched_at")
                fetched_bytes = fetched.encode("utf-8", "surrogatepass") if isinstance(fetched, str) else b""
                current = latest.get(record["id"])
                if current is None or fetched_bytes >= current[_WHERE.size:]:
                    latest[record["id"]] = _WHERE.pack(file_no, start) + fetched_bytes
        read += offset
        progress(read, total_bytes)
    in_order = sorted(latest.values())
    latest.clear()
    index = RawIndex(files, bad_lines=bad_lines)
    for packed in in_order:
        file_no, offset = _WHERE.unpack_from(packed)
        index.file_nos.append(file_no)
        index.offsets.append(offset)
    return index
