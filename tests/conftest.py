from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Models load from installed packages only; never from a hub.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


@pytest.fixture(scope="session")
def demo_corpus():
    from crawlers.demo_newsroom.corpus import load_corpus

    return load_corpus()


@pytest.fixture(scope="session")
def enricher():
    from nlp.enrich import Enricher

    return Enricher()
