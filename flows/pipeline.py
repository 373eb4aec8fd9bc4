"""The pipeline flow: crawl → enrich → load, with a per-source run record. Thin over plain functions."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from flows.settings import configure_prefect, data_dir

configure_prefect()

from prefect import flow, task  # noqa: E402

from crawlers.run import CrawlSummary, SourceCrawlSummary  # noqa: E402
from nlp.enrich import Enricher  # noqa: E402
from nlp.labelled_data import read_jsonl  # noqa: E402
from warehouse.connection import connect_writer  # noqa: E402
from warehouse.load import load_enriched  # noqa: E402
from warehouse.run_log import SourceRun, record_run  # noqa: E402

ENRICH_BATCH = 64


@dataclass(frozen=True)
class RunSummary:
    run_id: str
    raw_file: str
    sources: list[SourceRun]

    def as_table(self) -> str:
        header = f"{'source':<26}{'status':<8}{'pages':>7}{'new':>6}{'updated':>9}{'skipped':>9}  errors"
        rows = [header, "-" * len(header)]
        for s in self.sources:
            errors = ", ".join(f"{k}={v}" for k, v in s.errors.items()) or "-"
            rows.append(f"{s.source:<26}{s.status:<8}{s.pages_fetched:>7}{s.articles_new:>6}"
                        f"{s.articles_updated:>9}{s.articles_skipped:>9}  {errors}")
        return "\n".join(rows)


@task(retries=1, retry_delay_seconds=5)
def crawl(sources_file: Path, raw_file: Path, fast: bool = False) -> CrawlSummary:
    """Crawl in a child process: Scrapy's reactor runs once per process, and a crash stays contained."""
    summary_file = raw_file.with_suffix(".summary.json")
    command = [sys.executable, "-m", "crawlers", "--sources", str(sources_file), "--out", str(raw_file),
               "--summary", str(summary_file)]
    if fast:
        command.append("--fast")
    completed = subprocess.run(command, capture_output=True, text=True)
    if completed.returncode != 0:
        raise RuntimeError(f"crawl failed: {completed.stderr.strip().splitlines()[-1:] or completed.returncode}")
    data = json.loads(summary_file.read_text())
    return CrawlSummary(output=data["output"], sources=[SourceCrawlSummary(**s) for s in data["sources"]])


@task
def enrich(raw_file: Path, enriched_file: Path) -> Path:
    records = read_jsonl(raw_file)
    enricher = Enricher()
    with open(enriched_file, "w", encoding="utf-8") as out:
        for start in range(0, len(records), ENRICH_BATCH):
            for record in enricher.enrich(records[start : start + ENRICH_BATCH]):
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return enriched_file


@task
def load(enriched_file: Path, db: Path, crawl_summary: CrawlSummary, run_id: str,
         started_at: datetime) -> RunSummary:
    records = read_jsonl(enriched_file)
    con = connect_writer(db)
    try:
        result = load_enriched(con, records)
        runs = []
        for s in crawl_summary.sources:
            ids = {r["id"] for r in records if r.get("source") == s.source}
            runs.append(SourceRun(
                source=s.source, status=s.status, pages_fetched=s.pages_fetched,
                articles_new=len(ids & result.new_ids), articles_updated=len(ids & result.updated_ids),
                articles_skipped=sum(s.skipped.values()), errors=s.errors, message=s.message,
            ))
        record_run(con, run_id, started_at, datetime.now(timezone.utc), runs)
    finally:
        con.close()
    return RunSummary(run_id=run_id, raw_file=str(crawl_summary.output), sources=runs)


@flow(name="radar-pipeline", log_prints=True)
def pipeline_flow(sources_file: Path, db: Path, fast: bool = False) -> RunSummary:
    started_at = datetime.now(timezone.utc)
    run_id = started_at.strftime("%Y%m%dT%H%M%SZ")
    raw_dir, enriched_dir = data_dir() / "raw", data_dir() / "enriched"
    raw_dir.mkdir(parents=True, exist_ok=True)
    enriched_dir.mkdir(parents=True, exist_ok=True)
    crawl_summary = crawl(Path(sources_file), raw_dir / f"{run_id}.jsonl", fast=fast)
    enriched_file = enrich(Path(crawl_summary.output), enriched_dir / f"{run_id}.jsonl")
    return load(enriched_file, Path(db), crawl_summary, run_id, started_at)
