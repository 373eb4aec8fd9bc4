"""The crawl's per-source JSON state files (seen URLs, validators): read with a version check, replaced atomically.

A crash mid-write leaves the previous file whole: the new one is written beside it and renamed over it.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path


def read_state(path: Path, version: int, section: str, what: str, remedy: str) -> dict | None:
    """The `section` mapping of a version-`version` state file, or None when there is no file yet.

    Raises ValueError naming the file, what it holds and the remedy when it is unreadable or of another version."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise ValueError(f"{path}: unreadable {what} ({exc}); {remedy}") from None
    if not isinstance(data, dict) or data.get("version") != version or not isinstance(data.get(section), dict):
        raise ValueError(f"{path}: not a version-{version} {what}; {remedy}")
    return data[section]


def write_state(path: Path, version: int, section: str, content: dict) -> None:
    """Replace `path` with {"version": version, section: content}, atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump({"version": version, section: content}, out, sort_keys=True, indent=0)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
