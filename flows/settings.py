"""Where the project keeps its data, and Prefect configured to live there (no server, no telemetry)."""

from __future__ import annotations

import os
from pathlib import Path


def data_dir() -> Path:
    """RADAR_DATA_DIR, else ./data."""
    return Path(os.environ.get("RADAR_DATA_DIR") or "data").resolve()


def configure_prefect() -> None:
    """Must run before `prefect` is imported: its settings are read at import time."""
    home = data_dir() / "prefect"
    home.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("PREFECT_HOME", str(home))
    os.environ.setdefault("PREFECT_LOCAL_STORAGE_PATH", str(home / "storage"))
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
    os.environ.setdefault("PREFECT_LOGGING_TO_API_ENABLED", "false")
