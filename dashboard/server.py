"""Start the Streamlit app as a child process on 127.0.0.1 and wait for it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from dashboard.read_only import READ_ONLY_ENV

APP = Path(__file__).parent / "streamlit_app.py"


def streamlit_command(db: Path, port: int, app: Path = APP) -> list[str]:
    """The command serving `app` with Streamlit's own command line."""
    return [
        sys.executable, "-m", "streamlit", "run", str(app),
        "--server.headless", "true", "--server.address", "127.0.0.1", "--server.port", str(port),
        "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
        # dashboard/static/ holds the map's country outlines, fetched by the browser from the dashboard itself.
        "--server.enableStaticServing", "true",
    ]


def dashboard_env(db: Path, read_only: bool = False) -> dict[str, str]:
    env = {**os.environ, "RADAR_DB": str(Path(db).resolve())}
    if read_only:
        env[READ_ONLY_ENV] = "1"
    else:
        env.pop(READ_ONLY_ENV, None)
    return env


class StopRequested(Exception):
    """SIGTERM arrived (a service manager, `docker stop`, a test harness)."""


def _raise_stop(signum: int, frame: object) -> None:
    raise StopRequested(signum)


def serve_forever(db: Path, port: int, read_only: bool = False) -> int:
    """Serve until Streamlit exits, Ctrl-C or SIGTERM; on either signal the Streamlit server is stopped too,
    so no orphan keeps the port."""
    print(f"dashboard: http://127.0.0.1:{port}/  (Ctrl-C to stop)", flush=True)
    process = subprocess.Popen(streamlit_command(db, port), env=dashboard_env(db, read_only))
    previous = signal.signal(signal.SIGTERM, _raise_stop)
    try:
        return process.wait()
    except (KeyboardInterrupt, StopRequested):
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)
