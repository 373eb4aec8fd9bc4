"""The labelled set kept in the repo: train and dev splits of hand-written, hand-labelled news items."""

from __future__ import annotations

import json
from pathlib import Path

LABELLED_DIR = Path(__file__).parent / "data" / "labelled"


def read_jsonl(path: Path) -> list[dict]:
    """All records of a JSONL file; a bad line raises with the file and line number."""
    records = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{number}: not valid JSON ({exc.msg})") from None
    return records


def labelled_split(split: str, directory: Path = LABELLED_DIR) -> list[dict]:
    """Every item of a split ("train" or "dev"), in file then line order."""
    records: list[dict] = []
    for path in sorted(directory.glob(f"{split}-*.jsonl")):
        records.extend(read_jsonl(path))
    return records
