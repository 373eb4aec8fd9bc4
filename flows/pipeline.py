"""The daily pipeline flow: crawl (a task per source) → enrich (cached batches) → load → run summary.

Thin orchestration over plain functions in crawlers/, nlp/ and warehouse/.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from flows.settings import configure_prefect, data_dir

configure_prefect()

from prefect import flow, task, unmapped  # noqa: E402
from prefect.artifacts import create_table_artifact  # noqa: E402
from prefect.task_runners import ThreadPoolTaskRunner  # noqa: E402
from prefect.tasks import exponential_backoff  # noqa: E402

from crawlers.run import SourceCrawlSummary  # noqa: E402
from crawlers.seen_store import commit_deferred, default_state_dir  # noqa: E402
from crawlers.sources import Source, load_sources  # noqa: E402
from flows.quarantine import enrich_isolating, set_aside, write_quarantine  # noqa: E402
from flows.source_health import assess, figures_of, history_of  # noqa: E402
from nlp.enrich import Enricher  # noqa: E402
from nlp.entities.company_names import knowledge_base_spec  # noqa: E402
from warehouse.load import load_enriched  # noqa: E402
from warehouse.ops_store import ops_reader, ops_writer  # noqa: E402
from warehouse.publish import writer_session  # noqa: E402
from warehouse.run_log import SourceRun, record_run  # noqa: E402

ENRICH_BATCH = 64
LOAD_BATCH = 5_000


@dataclass(frozen=True)
class RunSummary:
    run_id: str
    raw_file: str
    sources: list[SourceRun]

    def as_table(self) -> str:
        header = (f"{'source':<26}{'status':<8}{'health':<10}{'pages':>7}{'new':>6}{'updated':>9}{'skipped':>9}"
                  f"{'set aside':>10}  errors")
        rows = [header, "-" * len(header)]
        for s in self.sources:
            errors = ", ".join(f"{k}={v}" for k, v in s.errors.items()) or "-"
            rows.append(f"{s.source:<26}{s.status:<8}{s.health or '-':<10}{s.pages_fetched:>7}{s.articles_new:>6}"
                        f"{s.articles_updated:>9}{s.articles_skipped:>9}{s.articles_quarantined:>10}  {errors}")
        rows += [f"{s.source}: {s.health}, {s.health_reason}" for s in self.sources
                 if s.health in ("degraded", "broken")]
        return "\n".join(rows)

    @property
    def broken(self) -> list[SourceRun]:
        return [s for s in self.sources if s.health == "broken"]


class BrokenSources(RuntimeError):
    """The run finished (every other source loaded and recorded) but some source is broken: the flow fails."""

    def __init__(self, summary: RunSummary) -> None:
        self.summary = summary
        super().__init__("broken source(s): " + "; ".join(f"{s.source} ({s.health_reason})" for s in summary.broken))


class CrawlFailed(RuntimeError):
    pass


@task(retries=2, retry_delay_seconds=exponential_backoff(backoff_factor=10), retry_jitter_factor=0.5)
def crawl_source(source: Source, out_dir: Path, fast: bool = False, recrawl: bool = False) -> SourceCrawlSummary:
    """Crawl one source in a child process (Scrapy's reactor runs once per process); raise so Prefect retries."""
    sources_file = out_dir / f"{source.name}.sources.yaml"
    sources_file.write_text(yaml.safe_dump({"sources": [source.model_dump(mode="json")]}), encoding="utf-8")
    raw_file, summary_file = out_dir / f"{source.name}.jsonl", out_dir / f"{source.name}.summary.json"
    # Article URLs are remembered as seen only after the load publishes them (see pipeline_flow).
    command = [sys.executable, "-m", "flows.cli", "crawl", "--sources", str(sources_file), "--out", str(raw_file),
               "--summary", str(summary_file), "--defer-seen", str(out_dir / f"{source.name}.seen.jsonl")] \
        + (["--fast"] if fast else []) + (["--recrawl"] if recrawl else [])
    completed = subprocess.run(command, capture_output=True, text=True)
    if completed.returncode != 0:
        last = (completed.stderr.strip().splitlines() or [f"exit {completed.returncode}"])[-1]
        raise CrawlFailed(f"{source.name}: crawler process failed: {last}")
    summary = SourceCrawlSummary(**json.loads(summary_file.read_text())["sources"][0])
    if summary.status == "failed":
        raise CrawlFailed(f"{source.name}: {summary.message or summary.errors}")
    return summary


def shared_enricher() -> Enricher:
    """One set of models per process and knowledge base (a Dask worker process keeps its own)."""
    return _enricher_for(knowledge_base_spec())


@lru_cache(maxsize=2)
def _enricher_for(knowledge_base: str) -> Enricher:
    return Enricher(knowledge_base=knowledge_base)


# What enrichment reads; crawl bookkeeping such as fetched_at must not defeat the cache.
ENRICHMENT_INPUTS = ("id", "title", "text", "published")


def _batch_cache_key(context: Any, parameters: dict[str, Any]) -> str:
    """Same article texts + same model = same enrichment, across runs."""
    digest = hashlib.sha256(json.dumps(parameters["inputs"], sort_keys=True).encode()).hexdigest()
    return f"enrich-{parameters['model_version']}-{digest}"


@task(cache_key_fn=_batch_cache_key, persist_result=True)
def enrich_batch(inputs: list[dict], model_version: str) -> list[dict]:
    """The enrichment fields of each input (merged back onto the crawl records by the flow); a record that fails
    even alone comes back as `{"id": ..., "_quarantine": reason}` (flows/quarantine.py)."""
    return [{k: v for k, v in out.items() if k == "id" or k not in ENRICHMENT_INPUTS}
            for out in enrich_isolating(shared_enricher().enrich, inputs)]


@task
def load(enriched: list[dict], db: Path, run_id: str, started_at: datetime,
         summaries: list[SourceCrawlSummary], quarantined: list[dict] | None = None) -> list[SourceRun]:
    """Articles in one writer session (which upserts the knowledge base too), published together or not at all;
    then the run's health per source in the operational file (a failed load is logged there too, as `failed`)."""
    new: set[str] = set()
    updated: set[str] = set()
    try:
        with writer_session(db) as con:
            for start in range(0, len(enriched), LOAD_BATCH):
                result = load_enriched(con, enriched[start : start + LOAD_BATCH])
                new |= result.new_ids
                updated |= result.updated_ids
    except Exception as exc:
        with ops_writer(db) as ops:
            record_run(ops, run_id, started_at, datetime.now(timezone.utc), [SourceRun(
                source="*", status="failed", errors={type(exc).__name__: 1},
                message=f"load failed, nothing published: {str(exc).splitlines()[0][:400] if str(exc) else exc!r}")])
        raise
    crawled = {}
    for record in [*enriched, *(quarantined or [])]:
        crawled.setdefault(record.get("source"), []).append(record)
    runs = []
    with ops_reader(db) as history_store:
        for s in summaries:
            ids = {r["id"] for r in enriched if r.get("source") == s.source}
            found = s.articles + s.articles_unchanged
            figures = figures_of(s.status, found, s.pages_fetched, s.errors, crawled.get(s.source, []))
            health = assess(figures, history_of(history_store, s.source, run_id))
            runs.append(SourceRun(
                source=s.source, status=s.status, pages_fetched=s.pages_fetched,
                articles_new=len(ids & new), articles_updated=len(ids & (updated - new)),
                articles_skipped=sum(s.skipped.values()), errors=s.errors, message=s.message,
                articles_quarantined=sum(1 for r in quarantined or [] if r.get("source") == s.source),
                articles_found=found, dated_share=figures.dated_share, median_words=figures.median_words,
                health=health.state, health_reason=health.reason,
            ))
    with ops_writer(db) as ops:
        record_run(ops, run_id, started_at, datetime.now(timezone.utc), runs)
    return runs


def _failed_summary(source: Source, error: BaseException) -> SourceCrawlSummary:
    return SourceCrawlSummary(source=source.name, status="failed", errors={type(error).__name__: 1},
                              message=str(error).splitlines()[0][:500])


@flow(name="radar-pipeline", task_runner=ThreadPoolTaskRunner(max_workers=4), log_prints=True)
def pipeline_flow(sources_file: Path, db: Path, fast: bool = False, crawl_retry_delay: float | None = None,
                  parallel_enrichment: bool = False, recrawl: bool = False) -> RunSummary:
    started_at = datetime.now(timezone.utc)
    run_id = started_at.strftime("%Y%m%dT%H%M%SZ")
    raw_dir, enriched_dir = data_dir() / "raw", data_dir() / "enriched"
    parts_dir = raw_dir / f"{run_id}.parts"
    for folder in (raw_dir, enriched_dir, parts_dir):
        folder.mkdir(parents=True, exist_ok=True)
    sources = load_sources(Path(sources_file))

    crawl = crawl_source if crawl_retry_delay is None else crawl_source.with_options(
        retry_delay_seconds=crawl_retry_delay)
    futures = crawl.map(sources, unmapped(parts_dir), unmapped(fast), unmapped(recrawl))
    summaries = []
    for source, future in zip(sources, futures, strict=True):
        outcome = future.result(raise_on_failure=False)
        summaries.append(outcome if isinstance(outcome, SourceCrawlSummary) else _failed_summary(source, outcome))

    # One raw file per run (the bronze layer), then the per-source parts go.
    raw_file = raw_dir / f"{run_id}.jsonl"
    records: list[dict] = []
    deferred_seen: dict[str, list[dict]] = {}
    with open(raw_file, "w", encoding="utf-8") as out:
        for summary in summaries:
            part = parts_dir / f"{summary.source}.jsonl"
            if summary.status != "failed" and part.exists():
                text = part.read_text(encoding="utf-8")
                out.write(text)
                records.extend(json.loads(line) for line in text.splitlines() if line.strip())
            seen_part = parts_dir / f"{summary.source}.seen.jsonl"
            if summary.status != "failed" and seen_part.exists():
                deferred_seen[summary.source] = [json.loads(line) for line in
                                                 seen_part.read_text(encoding="utf-8").splitlines() if line.strip()]
    for leftover in parts_dir.iterdir():
        leftover.unlink()
    parts_dir.rmdir()

    model_version = shared_enricher().model_version
    # Batches in id order: the crawl's order varies from run to run, and the cache is keyed on each batch's content.
    inputs = sorted(({k: r.get(k) for k in ENRICHMENT_INPUTS} for r in records), key=lambda i: str(i["id"]))
    batches = [inputs[i : i + ENRICH_BATCH] for i in range(0, len(inputs), ENRICH_BATCH)]
    if parallel_enrichment:
        results = [f.result() for f in enrich_batch.map(batches, unmapped(model_version))]
    else:
        results = [enrich_batch(batch, model_version) for batch in batches]
    enrichment = {e["id"]: e for batch in results for e in batch}
    enriched, quarantined = set_aside([{**r, **enrichment[r["id"]]} for r in records])
    with open(enriched_dir / f"{run_id}.jsonl", "w", encoding="utf-8") as out:
        for record in enriched:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    if quarantined:
        quarantine_file = data_dir() / "quarantine" / f"{run_id}.jsonl"
        write_quarantine(quarantine_file, quarantined)
        print(f"{len(quarantined)} records set aside in {quarantine_file}")

    runs = load(enriched, Path(db), run_id, started_at, summaries, quarantined)
    # Published: only now are the stored articles' URLs remembered (a failed load re-fetches them next run).
    stored = {r["id"] for r in enriched}
    for source_name, deferred in deferred_seen.items():
        commit_deferred(default_state_dir(), source_name, deferred, stored)
    create_table_artifact(
        key="radar-run-summary",
        table=[asdict(r) | {"errors": json.dumps(r.errors)} for r in runs],
        description=f"cdmo-radar pipeline run {run_id}: articles per source, errors by kind",
    )
    summary = RunSummary(run_id=run_id, raw_file=str(raw_file), sources=runs)
    if summary.broken:
        # Loud in the flow's final state (Failed), after the healthy sources' articles are published and logged.
        raise BrokenSources(summary)
    return summary


def dask_task_runner(workers: int = 2):  # type: ignore[no-untyped-def]
    """A local Dask cluster of worker processes; point `address` at a real cluster to scale out."""
    from prefect_dask import DaskTaskRunner

    return DaskTaskRunner(cluster_kwargs={"n_workers": workers, "threads_per_worker": 1, "processes": True,
                                          "dashboard_address": None})
