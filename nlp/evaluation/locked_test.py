"""The locked test split: scored for totals only, its errors never listed, every use logged in its README."""

from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path

from nlp.evaluation.labelled_data import read_jsonl

LOCKED_DIR = Path(__file__).parent.parent / "data" / "locked_test"
LOCKED_FILE = LOCKED_DIR / "test.jsonl"
# Where uses are logged: the README beside the file, or RADAR_LOCKED_TEST_LOG (tests log to a scratch copy).
LOG_ENV = "RADAR_LOCKED_TEST_LOG"
LOGGED_METRICS = ("pillar_macro_f1", "event_type_accuracy", "companies_f1", "subject_company_accuracy",
                  "people_f1", "roles_f1", "amount_f1")


def _fingerprints(items: list[dict]) -> set[str]:
    return {f"id:{i.get('id')}" for i in items} | {f"title:{' '.join(str(i.get('title', '')).split()).casefold()}"
                                                   for i in items}


def touches_locked_test(items: list[dict], locked_file: Path = LOCKED_FILE) -> bool:
    """True when any item is a locked-test item (same id or same headline), wherever the file was copied."""
    if not locked_file.exists():
        return False
    return bool(_fingerprints(items) & _fingerprints(read_jsonl(locked_file)))


def log_path() -> Path:
    return Path(os.environ.get(LOG_ENV) or LOCKED_DIR / "README.md")


def log_use(scores: dict, model_version: str, gold: str, path: Path | None = None) -> str:
    """Append one row (UTC time, model version, gold file, items, headline totals) to the uses table."""
    path = path or log_path()
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M")
    totals = " | ".join(f"{scores.get(m, 0.0):.3f}" for m in LOGGED_METRICS)
    row = f"| {when} | {model_version} | {gold} | {scores.get('items', 0)} | {totals} |"
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(row + "\n")
    return row
