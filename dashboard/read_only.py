"""`radar dashboard --read-only`: the server is started with RADAR_READ_ONLY=1 and no page shows an
edit control (the Article page shows no correction form; the knowledge-base queue lists, but accepts and merges nothing)."""

from __future__ import annotations

import os

READ_ONLY_ENV = "RADAR_READ_ONLY"


def read_only() -> bool:
    return os.environ.get(READ_ONLY_ENV, "").strip().lower() in ("1", "true", "yes")
