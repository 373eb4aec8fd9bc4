"""`radar demo`: demo newsroom on 127.0.0.1 → the real pipeline → the dashboard."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import click

from flows.settings import data_dir
from nlp.entities.company_names import OVERLAY_ENV

DEMO_PORTS = (8781, 8782, 8783)


DEMO_KNOWLEDGE_BASE = Path(__file__).resolve().parent.parent / "crawlers" / "demo_newsroom" / "companies.yaml"


def use_demo_knowledge_base() -> None:
    """Add the demo newsroom's fictional companies and outlets to the knowledge base of this process (and of
    the enrichment helpers it starts); production data never carries them."""
    current = [p for p in os.environ.get(OVERLAY_ENV, "").split(os.pathsep) if p]
    if str(DEMO_KNOWLEDGE_BASE) not in current:
        os.environ[OVERLAY_ENV] = os.pathsep.join([*current, str(DEMO_KNOWLEDGE_BASE)])


def _exit_on_sigterm(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def run_demo(db: Path, dashboard: bool = True, port: int = 8501) -> int:
    from crawlers.demo_newsroom.server import DemoNewsroom
    from flows.pipeline import pipeline_flow

    started = time.monotonic()
    # SIGTERM unwinds like Ctrl-C: the newsroom servers, enrichment helpers and dashboard are stopped on the way out.
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    use_demo_knowledge_base()
    demo_dir = data_dir() / "demo"
    demo_dir.mkdir(parents=True, exist_ok=True)
    # Fixed ports: the demo articles keep the same URLs, hence the same ids, on every run.
    with DemoNewsroom(ports=DEMO_PORTS) as newsroom:
        sources_file = newsroom.write_sources_yaml(demo_dir / "sources.yaml")
        for site in newsroom.sites:
            click.echo(f"serving {site.name:<22} {site.base_url}/  ({len(site.articles)} articles)")
        click.echo("running the pipeline (crawl → enrich → load); the first run on a machine takes a minute …")
        # Recrawl: the demo is local and cheap, and a fresh database must get every article even if data/ remembers them.
        summary = pipeline_flow(sources_file, db, fast=True, recrawl=True)
    click.echo(summary.as_table())
    click.echo(f"warehouse: {db}   ({time.monotonic() - started:.0f} s)")
    if not dashboard:
        return 0
    from dashboard.server import serve_forever

    return serve_forever(db, port)
