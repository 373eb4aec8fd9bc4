"""The labelled data kept in the repo, by split.

- `train`: the project-written training files (nlp/data/labelled/train-*.jsonl), the real-reporting
  training split (nlp/data/corpus/train.jsonl) and the real-reporting training batches written after the split
  on news no other split holds (nlp/data/corpus/train-<batch>-*.jsonl);
- `dev`: the real-reporting dev split (nlp/data/corpus/dev.jsonl): tuning, error study and the CI quality gate;
- `project-dev`: the project-written dev files (nlp/data/labelled/dev-*.jsonl), incl. the former held-out file.
The locked test (nlp/data/locked_test/) is not a split of this module: see nlp/evaluation/held_out.py (with the independent set, nlp/data/independent/).
"""

from __future__ import annotations

import json
from pathlib import Path

DATA_DIR = Path(__file__).parent.parent / "data"
LABELLED_DIR = DATA_DIR / "labelled"
CORPUS_DIR = DATA_DIR / "corpus"
LATER_BATCHES = "train-*.jsonl"  # in CORPUS_DIR: training items written after the split, on news no other split holds
SPLIT_FILES: dict[str, list[tuple[Path, str]]] = {  # split -> (folder, file pattern) pairs, read in this order
    "train": [(LABELLED_DIR, "train-*.jsonl"), (CORPUS_DIR, "train.jsonl"), (CORPUS_DIR, LATER_BATCHES)],
    "dev": [(CORPUS_DIR, "dev.jsonl")],
    "project-dev": [(LABELLED_DIR, "dev-*.jsonl")],
}


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


def split_files(split: str) -> list[Path]:
    """The files of a split, in a fixed order."""
    if split not in SPLIT_FILES:
        raise ValueError(f"unknown split {split!r} (one of {', '.join(SPLIT_FILES)})")
    return [path for directory, pattern in SPLIT_FILES[split] for path in sorted(directory.glob(pattern))]


def labelled_split(split: str) -> list[dict]:
    """Every item of a split ("train", "dev" or "project-dev"), in file then line order."""
    return [record for path in split_files(split) for record in read_jsonl(path)]
