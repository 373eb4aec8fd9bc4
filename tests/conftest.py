from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# The `server` marker and the guard that fails an unmarked test which starts a server; pytester for its own test.
pytest_plugins = ["tests.helpers.server_guard", "pytester"]

# Models load from installed packages only; never from a hub.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


@pytest.fixture(autouse=True)
def _restore_main_module():
    """Streamlit's script runner (AppTest) installs the app as sys.modules["__main__"] and leaves it there. A
    process started with "spawn" (the enricher's helper) re-runs __main__ first, so it would run the dashboard
    and die. Put pytest's own __main__ back after each test."""
    main = sys.modules.get("__main__")
    yield
    if main is not None and sys.modules.get("__main__") is not main:
        sys.modules["__main__"] = main


@pytest.fixture(scope="session")
def demo_corpus():
    from crawlers.demo_newsroom.corpus import load_corpus

    return load_corpus()


@pytest.fixture(scope="session")
def enricher():
    from nlp.enrich import Enricher

    return Enricher()
