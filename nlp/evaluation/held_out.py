"""Held-out sets: scored for totals only, their errors never listed, every use logged in the set's README.

Two sets are held out: the locked test (nlp/data/locked_test/, the latest events of the corpus) and the
independent set (nlp/data/independent/, items written later from other pages by writers who never saw the model's
output). Training never takes their items and `radar evaluate --errors` refuses them, wherever a file is copied.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from nlp.evaluation.labelled_data import read_jsonl

DATA_DIR = Path(__file__).parent.parent / "data"
LOCKED_DIR = DATA_DIR / "locked_test"
LOCKED_FILE = LOCKED_DIR / "test.jsonl"
INDEPENDENT_DIR = DATA_DIR / "independent"
# Where uses are logged: the README beside the set, or RADAR_LOCKED_TEST_LOG (tests log to a scratch copy).
LOG_ENV = "RADAR_LOCKED_TEST_LOG"
LOGGED_METRICS = ("pillar_macro_f1", "event_type_accuracy", "companies_f1", "subject_company_accuracy",
                  "people_f1", "roles_f1", "amount_f1")


@dataclass(frozen=True)
class HeldOutSet:
    name: str
    files: tuple[Path, ...]
    log: Path


def held_out_sets() -> list[HeldOutSet]:
    return [HeldOutSet("locked test", (LOCKED_FILE,), LOCKED_DIR / "README.md"),
            HeldOutSet("independent set", tuple(sorted(INDEPENDENT_DIR.glob("*.jsonl"))), INDEPENDENT_DIR / "README.md")]


def fingerprints(items: list[dict]) -> set[str]:
    return {f"id:{i.get('id')}" for i in items} | {f"title:{' '.join(str(i.get('title', '')).split()).casefold()}"
                                                   for i in items}


def set_fingerprints(held_out: HeldOutSet) -> set[str]:
    """The ids and headlines of a held-out set's items (nothing else of them is read)."""
    return set().union(*(fingerprints(read_jsonl(f)) for f in held_out.files if f.exists()))


def held_out_touched(items: list[dict], sets: list[HeldOutSet] | None = None) -> list[HeldOutSet]:
    """The held-out sets any of `items` belongs to (same id or same headline), wherever the file was copied."""
    item_prints = fingerprints(items)
    return [s for s in (sets if sets is not None else held_out_sets()) if item_prints & set_fingerprints(s)]


def log_path(held_out: HeldOutSet) -> Path:
    return Path(os.environ.get(LOG_ENV) or held_out.log)


def log_use(scores: dict, model_version: str, gold: str, path: Path) -> str:
    """Append one row (UTC time, model version, gold file, items, headline totals) to the uses table."""
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M")
    totals = " | ".join(f"{scores.get(m, 0.0):.3f}" for m in LOGGED_METRICS)
    row = f"| {when} | {model_version} | {gold} | {scores.get('items', 0)} | {totals} |"
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(row + "\n")
    return row
