"""`radar reprocess`: re-enrich every article of the raw crawl files with the current models, in bounded memory.

Three phases: index the raw files (flows/raw_index.py: where the latest copy of each article is, not the
records), enrich batch by batch into the staging area (flows/reprocess_staging.py), then load the staged records
batch by batch into one writer session, published once at the end. A kill at any moment loses at most the batch
in flight: a rerun resumes from the staging area, and the published warehouse only changes on success.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Protocol

from flows.quarantine import enrich_isolating, set_aside
from flows.raw_index import RawIndex, index_raw_files, raw_files
from flows.reprocess_staging import Staging, fingerprint, staging_lock
from warehouse.load import load_enriched
from warehouse.publish import writer_session

ENRICH_BATCH = 64
LOAD_BATCH = 500


class NothingToReprocess(ValueError):
    """The raw folder holds no article record."""


class EnricherLike(Protocol):
    @property
    def model_version(self) -> str: ...

    def enrich(self, records: list[dict]) -> list[dict]: ...

    def close(self) -> None: ...


def _default_enricher() -> EnricherLike:
    from nlp.enrich import Enricher

    return Enricher()


@dataclass(frozen=True)
class Progress:
    phase: Literal["index", "enrich", "load"]
    done: int  # index: bytes read; enrich: articles re-enriched, resumed ones included; load: articles loaded
    total: int


@dataclass
class ReprocessResult:
    new: int = 0
    updated: int = 0
    resumed: int = 0  # articles already re-enriched by an earlier, interrupted run
    set_aside: list[dict] = field(default_factory=list)  # records enrichment or the load refused, with the reason
    bad_lines: list[str] = field(default_factory=list)  # "file:line: reason" of raw lines that are not records


def latest_raw_records(raw_dir: Path, bad_lines: list[str] | None = None) -> list[dict]:
    """Every article of the raw files, the most recently fetched copy of each id, all in memory (for small
    inputs; `reprocess` streams). Lines that are not records are listed in `bad_lines` and skipped."""
    index = index_raw_files(raw_dir)
    if bad_lines is not None:
        bad_lines.extend(index.bad_lines)
    return [record for batch in index.batches(0, ENRICH_BATCH) for record in batch]


def reprocess(raw_dir: Path, db: Path, progress: Callable[[Progress], None] = lambda p: None,
              quarantine_file: Path | None = None, *, staging_root: Path | None = None,
              enricher_factory: Callable[[], EnricherLike] = _default_enricher,
              notice: Callable[[str], None] = lambda message: None, enrich_batch: int = ENRICH_BATCH,
              load_batch: int = LOAD_BATCH) -> ReprocessResult:
    """Re-enrich the latest copy of every raw article and swap the warehouse's rows, published atomically once.

    The staging area (default: data/reprocess beside `raw_dir`) keeps the work of an interrupted run; records
    that fail enrichment or the load boundary are skipped, reported and written to `quarantine_file`."""
    raw_dir = Path(raw_dir)
    root = staging_root or raw_dir.parent / "reprocess"
    enricher = enricher_factory()
    try:
        with staging_lock(root):
            key = fingerprint(raw_files(raw_dir), enricher.model_version)
            stage, discarded = Staging.resume(root, key)
            for folder in discarded:
                notice(f"discarded {folder}: an unfinished reprocess of other raw files or models")
            if stage is None or not stage.state.loading:
                index = index_raw_files(raw_dir, lambda done, total: progress(Progress("index", done, total)))
                stage, resumed = _enrich(index, stage, raw_dir, root, key, enricher, progress, notice,
                                         enrich_batch)
                stage.start_loading(quarantine_file)
            else:
                resumed = stage.state.done
                notice(f"resuming: {resumed} of {stage.state.total} already re-enriched; loading")
            enricher.close()
            if quarantine_file is not None:
                stage.write_quarantine(quarantine_file)
            new, updated = _load(stage, db, progress, load_batch)
            result = ReprocessResult(new, updated, resumed, stage.set_aside(), stage.damaged)
            stage.remove()
            return result
    finally:
        enricher.close()


def _enrich(index: RawIndex, stage: Staging | None, raw_dir: Path, root: Path, key: str, enricher: EnricherLike,
            progress: Callable[[Progress], None], notice: Callable[[str], None], size: int) -> tuple[Staging, int]:
    """(the staging area, how many articles it held already): the batches it does not hold yet enriched, each
    staged as soon as it is done."""
    if stage is not None and stage.state.total != len(index):
        notice(f"discarded {stage.dir}: it does not match the raw files")
        stage.remove()
        stage = None
    if stage is None:
        if not len(index):
            damaged = f" ({len(index.bad_lines)} damaged lines)" if index.bad_lines else ""
            raise NothingToReprocess(f"{raw_dir}: no raw crawl records to reprocess{damaged}")
        stage = Staging.create(root, key, len(index), index.bad_lines)
    else:
        notice(f"resuming: {stage.state.done} of {stage.state.total} already re-enriched")
    total, resumed = stage.state.total, stage.state.done
    progress(Progress("enrich", stage.state.done, total))
    for records in index.batches(stage.state.done, size):
        good, aside = set_aside(enrich_isolating(enricher.enrich, records))
        stage.add_batch(len(records), good, aside)
        progress(Progress("enrich", stage.state.done, total))
    return stage, resumed


def _load(stage: Staging, db: Path, progress: Callable[[Progress], None], size: int) -> tuple[int, int]:
    """(new, updated): every staged record loaded in batches within one writer session, published at its end."""
    new = updated = 0
    progress(Progress("load", 0, stage.state.staged))
    with writer_session(db) as con:
        for batch in stage.staged_batches(size):
            loaded = load_enriched(con, batch)
            new, updated = new + loaded.new, updated + loaded.updated
            progress(Progress("load", new + updated, stage.state.staged))
    return new, updated
