"""`radar`: the command line of cdmo-radar (DESIGN.md)."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from flows.settings import data_dir

if TYPE_CHECKING:
    from flows.reprocess import Progress

DB_HELP = "DuckDB file (default: $RADAR_DB, else data/radar.duckdb)."


def fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(2)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """cdmo-radar: CDMO industry news → signals on infrastructure, digital and leadership."""


@main.command()
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), help=DB_HELP)
@click.option("--no-dashboard", is_flag=True, help="Stop after the pipeline; do not start the dashboard.")
@click.option("--port", type=click.IntRange(1, 65535), default=8501, show_default=True, help="Dashboard port.")
def demo(db: Path | None, no_dashboard: bool, port: int) -> None:
    """Serve the demo newsroom on 127.0.0.1, run the whole pipeline on it, then start the dashboard.

    The crawl is a real Scrapy crawl over HTTP; the demo's invented companies come from its own knowledge-base
    overlay (crawlers/demo_newsroom/companies.yaml).
    """
    from flows.demo import run_demo
    from warehouse.connection import db_path

    sys.exit(run_demo(db_path(db), dashboard=not no_dashboard, port=port))


@main.command()
@click.option("--sources", "sources_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=Path("crawlers/sources.yaml"), show_default=True, help="Source registry.")
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), help=DB_HELP)
@click.option("--task-runner", type=click.Choice(["threads", "dask"]), default="threads", show_default=True,
              help="dask: enrichment batches on a local Dask cluster (prefect-dask), the path to many machines.")
@click.option("--retry-delay", type=click.FloatRange(min=0), default=None,
              help="Seconds between retries of a failing source (default: backoff 10 s, then 20 s).")
@click.option("--recrawl", is_flag=True, help="Download every discovered article again (ignore the seen-URL store).")
def run(sources_file: Path, db: Path | None, task_runner: str, retry_delay: float | None, recrawl: bool) -> None:
    """Run the Prefect pipeline flow: crawl → enrich → load; print a run summary.

    The summary has one row per source with its health against its own history; a broken source makes the exit
    status 1 after the others are loaded.
    """
    from crawlers.sources import SourceConfigError, load_sources
    from warehouse.connection import db_path

    try:
        load_sources(sources_file)
    except SourceConfigError as exc:
        fail(str(exc))
    from flows.pipeline import BrokenSources, dask_task_runner, pipeline_flow

    click.echo(f"pipeline: {sources_file} → {db_path(db)} (raw files in {data_dir() / 'raw'})")
    try:
        if task_runner == "dask":
            summary = pipeline_flow.with_options(task_runner=dask_task_runner())(
                sources_file, db_path(db), crawl_retry_delay=retry_delay, parallel_enrichment=True, recrawl=recrawl)
        else:
            summary = pipeline_flow(sources_file, db_path(db), crawl_retry_delay=retry_delay, recrawl=recrawl)
    except BrokenSources as exc:
        click.echo(exc.summary.as_table())
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    click.echo(summary.as_table())


@main.command()
@click.option("--sources", "sources_file", required=True,
              type=click.Path(exists=True, dir_okay=False, path_type=Path), help="Source registry (sources.yaml).")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="Output JSONL.")
@click.option("--since", help="Only articles published on or after this date (YYYY-MM-DD).")
@click.option("--max-items", type=click.IntRange(min=1), help="Stop each source after this many articles.")
@click.option("--summary", "summary_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the per-source summary as JSON.")
@click.option("--state-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Seen-URL store of incremental crawling (default: $RADAR_CRAWL_STATE, else data/crawl_state).")
@click.option("--recrawl", is_flag=True, help="Download every discovered page again, even if seen before.")
@click.option("--only", multiple=True, metavar="NAME", help="Crawl only this source of the file (repeatable).")
@click.option("--fast", is_flag=True, hidden=True, help="No start delay (local sites only).")
@click.option("--unthrottled", is_flag=True, hidden=True,
              help="No AutoThrottle, 64 requests per host (local benchmark sites only).")
@click.option("--replay", metavar="URL", hidden=True,
              help="Fetch every page from a local mirror of fixture pages (offline tests).")
@click.option("--defer-seen", type=click.Path(dir_okay=False, path_type=Path), hidden=True,
              help="Write the written articles' URLs to FILE instead of remembering them; the caller remembers "
                   "them once the articles are stored (crawlers.seen_store.commit_deferred).")
def crawl(sources_file: Path, out: Path, since: str | None, max_items: int | None, summary_file: Path | None,
          state_dir: Path | None, recrawl: bool, only: tuple[str, ...], fast: bool, unthrottled: bool,
          replay: str | None, defer_seen: Path | None) -> None:
    """Crawl the sources into a JSONL file of articles (pages seen in earlier runs are not downloaded again).

    One crawl per process (Twisted's reactor runs once): the Prefect flow runs this command in a child process
    for each source.
    """
    from datetime import date

    from crawlers.run import run_crawl
    from crawlers.seen_store import default_state_dir
    from crawlers.settings import UNTHROTTLED, replay_settings
    from crawlers.sources import SourceConfigError, load_sources

    if since:
        try:
            date.fromisoformat(since)
        except ValueError:
            fail(f"--since {since!r}: expected a date such as 2025-01-31")
    try:
        sources = load_sources(sources_file)
    except SourceConfigError as exc:
        fail(str(exc))
    unknown = set(only) - {s.name for s in sources}
    if unknown:
        fail(f"{sources_file}: no source named {sorted(unknown)[0]!r}")
    if only:
        sources = [s for s in sources if s.name in only]
    settings: dict[str, Any] = {}
    if fast:
        settings["AUTOTHROTTLE_START_DELAY"] = 0.0
    if unthrottled:
        settings.update(UNTHROTTLED)
    if defer_seen:
        settings["RADAR_DEFER_SEEN"] = str(defer_seen)
    click.echo(f"crawling {len(sources)} source(s) → {out}", err=True)
    try:
        if replay:
            settings.update(replay_settings(replay))
        summary = run_crawl(sources, out, since=since, max_items=max_items, settings=settings,
                            state_dir=state_dir or default_state_dir(), recrawl=recrawl)
    except ValueError as exc:  # an unreadable seen-URL store, a bad replay URL
        fail(str(exc))
    for s in summary.sources:
        errors = ", ".join(f"{k}={v}" for k, v in s.errors.items()) or "no errors"
        click.echo(f"{s.source}: {s.status}, {s.pages_fetched} pages, {s.articles} articles "
                   f"({s.articles_updated} updated, {s.articles_unchanged} unchanged), {errors}", err=True)
    if summary_file:
        summary_file.write_text(summary.to_json(), encoding="utf-8")
    click.echo(f"{summary.articles} articles written to {out}")


@main.command()
@click.option("--in", "in_file", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Input JSONL (needs id, title, text).")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="Output JSONL.")
@click.option("--batch-size", default=64, show_default=True, type=click.IntRange(min=1))
@click.option("--unknown-out", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the organisations the knowledge base does not know, with counts (CSV).")
def enrich(in_file: Path, out: Path, batch_size: int, unknown_out: Path | None) -> None:
    """Run the NLP on a JSONL file (entities, events, pillars) and write the enriched JSONL.

    A bad line is reported (file:line) and skipped; organisations the item keeps that the knowledge base does
    not know are counted (and written to --unknown-out as CSV: mentions, articles, an example article).
    """
    from pydantic import ValidationError

    from nlp.enrich import Enricher
    from nlp.records import EnrichmentInput

    good, bad = [], 0
    with open(in_file, "rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                record = json.loads(raw.decode("utf-8"))
                if not isinstance(record, dict):
                    raise TypeError("not a JSON object")
                EnrichmentInput.model_validate(record)
            except (UnicodeDecodeError, json.JSONDecodeError, TypeError, ValidationError) as exc:
                reason = _skip_reason(exc)
                click.echo(f"warning: {in_file}:{number}: skipped ({reason})", err=True)
                bad += 1
                continue
            good.append(record)
    enricher = Enricher()
    articles_naming: Counter[str] = Counter()
    example: dict[str, str] = {}
    with open(out, "w", encoding="utf-8") as handle, click.progressbar(
        length=len(good), label="enriching", file=sys.stderr
    ) as bar:
        for start in range(0, len(good), batch_size):
            batch = good[start : start + batch_size]
            for record in enricher.enrich(batch):
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
                for name in record.get("unknown_companies") or []:
                    articles_naming[name] += 1
                    example.setdefault(name, str(record.get("url") or record["id"]))
            bar.update(len(batch))
    enricher.close()
    click.echo(f"{len(good)} enriched → {out}" + (f" ({bad} bad lines skipped)" if bad else ""))
    unknown = enricher.unknown_companies.most_common()
    if unknown:
        top = ", ".join(f"{name} ({n})" for name, n in unknown[:5])
        click.echo(f"{len(unknown)} organisations not in the knowledge base; most mentioned: {top}", err=True)
    if unknown_out:
        import csv

        from warehouse.text_safety import safe_cell

        with open(unknown_out, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["organisation", "mentions", "articles", "example_article"])
            writer.writerows((safe_cell(name), count, articles_naming[name], safe_cell(example.get(name, "")))
                             for name, count in unknown)


def _skip_reason(exc: Exception) -> str:
    """Why an input line was skipped, in a few words."""
    from pydantic import ValidationError

    if isinstance(exc, json.JSONDecodeError):
        return exc.msg
    if isinstance(exc, ValidationError):
        return _first_error(exc)
    if isinstance(exc, UnicodeDecodeError):
        return "not UTF-8"
    return str(exc)


def _first_error(exc) -> str:  # type: ignore[no-untyped-def]
    error = exc.errors()[0]
    return f"field {'.'.join(str(p) for p in error['loc'])}: {error['msg']}"


@main.command()
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), help="Artifact folder (default: the packaged one).")
@click.option("--with-corrections", "corrections", is_flag=False, flag_value="-", default=None, metavar="[FILE]",
              help="Add analysts' corrected articles to training: FILE from `radar corrections export`, or without "
                   "FILE those of the warehouse (--db). Locked-test items are refused, dev items left out.")
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), help=DB_HELP)
@click.option("--ner", is_flag=True,
              help="Update the English model's NER on the train split instead (nlp/artifacts/ner; several minutes).")
@click.option("--roles", "roles_only", is_flag=True,
              help="Rebuild only the role relation model (nlp/artifacts/role_relations; --out: its folder; a minute).")
def train(out: Path | None, corrections: str | None, db: Path | None, ner: bool, roles_only: bool) -> None:
    """Fine-tune the pillar and event-type classifier, then rebuild the role relation model, on the labelled set
    in the repo (seeded, reproducible).

    The train split: nlp/data/labelled/train-*.jsonl, nlp/data/corpus/train.jsonl and the later batches
    train-*.jsonl; same data, same artifacts.
    """
    if ner and roles_only:
        fail("--ner and --roles each train one model: give one of them")
    from nlp.evaluation.labelled_data import labelled_split
    from nlp.training.corrections_learning import CorrectionsRefused, training_items

    items = labelled_split("train")
    if corrections is not None:
        try:
            added, in_dev = training_items(_correction_items(corrections, db))
        except CorrectionsRefused as exc:
            fail(f"--with-corrections: {exc}")
        if in_dev:
            click.echo(f"left out {len(in_dev)} corrected item(s) the dev split holds: {', '.join(in_dev[:5])}",
                       err=True)
        known = {i["id"] for i in items}
        items = [i for i in items if i["id"] not in {a["id"] for a in added}] + added
        click.echo(f"adding {len(added)} corrected article(s) ({len(known & {a['id'] for a in added})} replace a "
                   "labelled item)", err=True)
    if ner:
        from nlp.training.ner_training import NER_DIR, train_ner

        click.echo(f"training the NER on {len(items)} labelled items", err=True)
        train_ner(items, out or NER_DIR, log=lambda line: click.echo(line, err=True))
        click.echo(f"NER → {out or NER_DIR}")
        return
    from nlp.events.role_model import ROLE_MODEL
    from nlp.training.role_training import train_role_model

    if roles_only:
        target = out / ROLE_MODEL.name if out else ROLE_MODEL
        try:
            train_role_model(items, out=target, log=lambda line: click.echo(line, err=True))
        except ValueError as exc:
            fail(str(exc))
        click.echo(f"role relations → {target}")
        return
    from nlp.enrich import ARTIFACT_DIR
    from nlp.training.classifier_training import train_finetuned

    click.echo(f"fine-tuning on {len(items)} labelled items (about 10 minutes on 2 idle cores)", err=True)

    def progress(step: int, total: int, loss: float) -> None:
        if step % 25 == 0 or step == total:
            click.echo(f"step {step}/{total}, loss {loss:.3f}", err=True)

    heads = train_finetuned(items, out or ARTIFACT_DIR, progress=progress)
    click.echo(f"model_version {heads.version} → {out or ARTIFACT_DIR}")
    # The role relation model reads the NER and parse, not the classifier; with --out it goes beside the heads.
    roles_target = out / ROLE_MODEL.parent.name / ROLE_MODEL.name if out else ROLE_MODEL
    train_role_model(items, out=roles_target, log=lambda line: click.echo(line, err=True))
    click.echo(f"role relations → {roles_target}")


def _correction_items(source: str, db: Path | None) -> list[dict]:
    """Corrected articles as labelled items: from an export file, or ("-") read from the warehouse now."""
    if source != "-":
        from nlp.evaluation.labelled_data import read_jsonl

        path = Path(source)
        if not path.is_file():
            fail(f"--with-corrections: {path}: no such file")
        try:
            return read_jsonl(path)
        except ValueError as exc:
            fail(str(exc))
    from warehouse.connection import db_path
    from warehouse.corrections_export import corrected_items

    try:
        return corrected_items(db_path(db))
    except FileNotFoundError as exc:
        fail(str(exc))
    return []


@main.command()
@click.option("--gold", multiple=True,
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Labelled JSONL (labels at top level or under 'labels'; text or paragraphs); repeat to join files.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores (and the baseline's) as JSON.")
@click.option("--gate", is_flag=True, help="Exit 1 when a score is under its floor in nlp/evaluation/quality_baseline.yaml.")
@click.option("--errors", "error_limit", type=click.IntRange(min=1), default=None,
              help="List up to N disagreements per field (train and dev files only; refused on the held-out sets).")
@click.option("--corrections", "with_corrections", is_flag=True,
              help="Score on the articles analysts corrected (warehouse --db), and show per field how many of "
                   "their corrections the current model now gets right by itself.")
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), help=DB_HELP)
def evaluate(gold: tuple[Path, ...], as_json: bool, gate: bool, error_limit: int | None, with_corrections: bool,
             db: Path | None) -> None:
    """Score enrichment against labelled items, next to a keyword baseline: P/R/F1, accuracy, macro-F1.

    On a held-out set (the locked test, nlp/data/locked_test/; the independent set, nlp/data/independent/) it prints
    totals only and logs the use in that folder's README.
    """
    from nlp.enrich import Enricher
    from nlp.entities.company_names import company_index
    from nlp.evaluation.held_out import held_out_touched, log_path, log_use
    from nlp.evaluation.keyword_baseline import baseline_predictions
    from nlp.evaluation.labelled_data import read_jsonl
    from nlp.evaluation.quality_gate import BASELINE, below_floor
    from nlp.evaluation.scores import evaluate as score
    from nlp.evaluation.scores import field_errors, side_by_side
    from nlp.training.corrections_learning import correction_agreement

    items: list[dict] = []
    for path in gold:
        try:
            records = read_jsonl(path)
        except ValueError as exc:
            fail(str(exc))
        for number, item in enumerate(records, start=1):
            if not isinstance(item, dict) or not item.get("id") or not item.get("title") \
                    or not (item.get("text") or item.get("paragraphs")):
                fail(f"{path}:{number}: item needs id, title and text (or paragraphs)")
        items += records
    if with_corrections:
        corrected = _correction_items("-", db)
        if not corrected:
            fail(f"--corrections: no corrected article in {db or 'the warehouse'} yet")
        items += corrected
    if not items:
        fail("give --gold FILE (repeatable) or --corrections")
    held_out = held_out_touched(items)
    if held_out and error_limit:
        fail(f"--errors is refused on the {held_out[0].name}: its errors are never studied (use a train or dev file)")
    inputs = [{"id": i["id"], "title": i["title"], "text": i.get("text") or "\n".join(i["paragraphs"]),
               "published": str(i.get("published") or "")} for i in items]
    enricher = Enricher()
    with click.progressbar(length=len(inputs), label="enriching", file=sys.stderr) as bar:
        predicted = []
        for start in range(0, len(inputs), 64):
            predicted += enricher.enrich(inputs[start : start + 64])
            bar.update(min(64, len(inputs) - start))
    enricher.close()
    canonical = company_index().canonical
    report = score(predicted, items, canonical)
    baseline = score(baseline_predictions(inputs, enricher.nlp), items, canonical)
    errors = field_errors(predicted, items, canonical, error_limit) if error_limit and not held_out else {}
    agreement = correction_agreement(predicted, items, canonical) if with_corrections else []
    if as_json:
        fixed = {"corrections": {a.field: {"corrected": a.corrected, "model_agrees": a.agreed} for a in agreement}}
        click.echo(json.dumps({**report.as_dict(), "model_version": enricher.model_version,
                               "baseline": baseline.as_dict(), **({"errors": errors} if errors else {}),
                               **(fixed if with_corrections else {})}, indent=2))
    else:
        click.echo(side_by_side(report, baseline))
        if with_corrections:
            click.echo("\nanalysts' corrections the model now makes by itself:")
            for a in agreement:
                click.echo(f"  {a.field:<18}{a.agreed:>5} of {a.corrected}")
        click.echo(f"\nmodel_version {enricher.model_version}")
        for field_name, lines in errors.items():
            click.echo(f"\n{field_name}: {len(lines)} shown" + "".join(f"\n  {line}" for line in lines))
    for held in held_out:
        row = log_use(report.as_dict(), enricher.model_version, " ".join(str(p) for p in gold), log_path(held))
        click.echo(f"{held.name}: totals only; use logged: {row}", err=True)
    if gate:
        failures = below_floor(report.as_dict())
        if failures:
            click.echo(f"quality gate FAILED ({BASELINE}): " + "; ".join(failures), err=True)
            sys.exit(1)
        click.echo(f"quality gate passed ({BASELINE})", err=True)


@main.command()
@click.option("--in", "in_file", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Enriched JSONL.")
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), help=DB_HELP)
@click.option("--quarantine", type=click.Path(dir_okay=False, path_type=Path),
              help="Where bad lines are set aside (default: <input>.quarantine.jsonl).")
def load(in_file: Path, db: Path | None, quarantine: Path | None) -> None:
    """Upsert enriched articles into the warehouse (idempotent, published as one step).

    Each line is checked as a typed record; a bad line is reported (file:line: field: reason), set aside in the
    quarantine file and does not stop the others; the exit status is then 1.
    """
    import duckdb

    from warehouse.connection import db_path
    from warehouse.load import load_enriched
    from warehouse.load_input import read_load_file, write_quarantine
    from warehouse.publish import NotAWarehouse, writer_session

    quarantine = quarantine or in_file.with_name(in_file.name + ".quarantine.jsonl")
    new = updated = rejected = 0
    try:
        with writer_session(db_path(db)) as con:
            for good, bad in read_load_file(in_file):
                for item in bad:
                    click.echo(f"{in_file}:{item.line}: skipped, {item.reason}", err=True)
                if bad:
                    write_quarantine(quarantine, in_file, bad)
                    rejected += len(bad)
                if good:
                    result = load_enriched(con, good)
                    new, updated = new + result.new, updated + result.updated
    except NotAWarehouse as exc:
        fail(str(exc))
    except duckdb.Error as exc:
        fail(f"{db_path(db)}: {str(exc).splitlines()[0]}")
    click.echo(f"{new} new, {updated} updated → {db_path(db)}"
               + (f"; {rejected} bad lines set aside in {quarantine}" if rejected else ""))
    if rejected:
        sys.exit(1)


@main.command()
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), help=DB_HELP)
def reprocess(db: Path | None) -> None:
    """Re-enrich every article of the raw crawl files (data/raw) with the current models.

    Batch by batch, in bounded memory: enriched records are staged in data/reprocess/, so a run that is
    interrupted resumes where it stopped; the warehouse is published once, at the end of the load.
    """
    import duckdb

    from flows.raw_index import RawFileChanged
    from flows.reprocess import NothingToReprocess
    from flows.reprocess import reprocess as run_reprocess
    from flows.reprocess_staging import StagingBusy, StagingDamaged
    from warehouse.connection import db_path
    from warehouse.publish import NotAWarehouse

    raw_dir = data_dir() / "raw"
    quarantine_file = data_dir() / "quarantine" / "reprocess.jsonl"
    bars = _PhaseBars({"index": "indexing raw files", "enrich": "re-enriching", "load": "loading"},
                      counted=("enrich", "load"))
    try:
        try:
            result = run_reprocess(raw_dir, db_path(db), progress=bars.show, quarantine_file=quarantine_file,
                                   notice=bars.say)
        finally:
            bars.close()
    except (NothingToReprocess, RawFileChanged, StagingBusy, StagingDamaged, NotAWarehouse) as exc:
        fail(str(exc))
    except duckdb.Error as exc:
        fail(f"{db_path(db)}: {str(exc).splitlines()[0]}")
    for line in result.bad_lines:
        click.echo(line, err=True)
    for record in result.set_aside:
        click.echo(f"{record.get('id')} ({record.get('url')}): skipped, {record['_quarantine']}", err=True)
    click.echo(f"{result.updated} re-enriched, {result.new} new → {db_path(db)}"
               + (f" ({result.resumed} resumed from an interrupted run)" if result.resumed else "")
               + (f"; {len(result.set_aside)} set aside in {quarantine_file}" if result.set_aside else "")
               + (f"; {len(result.bad_lines)} raw lines skipped" if result.bad_lines else ""))


class _PhaseBars:
    """One progress bar per phase of a long command; the previous one ends when the next phase starts. Phases in
    `counted` show done/total (articles); the others a percentage (bytes)."""

    def __init__(self, labels: dict[str, str], counted: tuple[str, ...] = ()) -> None:
        self.labels, self.counted = labels, counted
        self.phase: str | None = None
        self.bar: Any = None  # click's ProgressBar, entered by hand: phases start inside a callback

    def show(self, progress: Progress) -> None:
        if progress.phase != self.phase:
            self.close()
            self.phase = progress.phase
            self.bar = click.progressbar(length=max(progress.total, 1), label=self.labels[progress.phase],
                                         show_pos=progress.phase in self.counted, file=sys.stderr).__enter__()
        self.bar.update(progress.done - self.bar.pos)

    def say(self, message: str) -> None:
        """A line of its own, never in the middle of a bar."""
        self.close()
        click.echo(message, err=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar, self.phase = None, None


@main.command()
@click.option("--format", "fmt", type=click.Choice(["parquet"]), default="parquet", show_default=True)
@click.option("--out", required=True, type=click.Path(file_okay=False, path_type=Path), help="Output folder.")
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), help=DB_HELP)
def export(fmt: str, out: Path, db: Path | None) -> None:
    """Write the warehouse tables as Parquet files for other engines.

    One folder per table, partitioned by month.
    """
    import duckdb

    from warehouse.connection import connect_reader, db_path
    from warehouse.export import export_parquet

    try:
        con = connect_reader(db_path(db))
    except FileNotFoundError as exc:
        fail(str(exc))
    except duckdb.Error as exc:
        fail(f"{db_path(db)}: {str(exc).splitlines()[0]}")
    try:
        for path in export_parquet(con, out):
            click.echo(str(path))
    finally:
        con.close()


@main.command()
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), help=DB_HELP)
@click.option("--port", type=click.IntRange(1, 65535), default=8501, show_default=True)
@click.option("--read-only", is_flag=True,
              help="No edit controls: no correction form, and the knowledge-base queue only lists.")
def dashboard(db: Path | None, port: int, read_only: bool) -> None:
    """Start the Streamlit dashboard on 127.0.0.1."""
    from dashboard.server import serve_forever
    from warehouse.connection import db_path

    _upgrade_warehouse(db_path(db))
    sys.exit(serve_forever(db_path(db), port, read_only=read_only))


def _upgrade_warehouse(path: Path) -> None:
    """Apply the schema versions an older warehouse file lacks (one line says so), or fail naming the file."""
    import duckdb

    from warehouse.publish import upgrade_if_behind

    try:
        applied = upgrade_if_behind(path)
    except (OSError, duckdb.Error) as exc:
        fail(f"{path}: could not bring the warehouse up to this version's schema ({_first_error(exc)})")
    if applied:
        click.echo(f"{path}: warehouse upgraded to schema {applied[-1]:03d} (applied {len(applied)} migration(s))",
                   err=True)


@main.group()
def kb() -> None:
    """The knowledge base's local overlay: organisations accepted in the dashboard's queue."""


@kb.command("export")
@click.option("--overlay", type=click.Path(dir_okay=False, path_type=Path),
              help="Overlay file (default: RADAR_KB_LOCAL, else data/kb_overlay.yaml).")
def kb_export(overlay: Path | None) -> None:
    """Print the accepted organisations and aliases as YAML for a pull request against companies.yaml."""
    from nlp.entities.company_names import local_overlay_path
    from nlp.entities.kb_overlay import OverlayEditError, export_overlay

    path = overlay or local_overlay_path()
    if not path.is_file():
        fail(f"{path}: no knowledge-base overlay yet; accept organisations in the dashboard's Knowledge base page")
    try:
        click.echo(export_overlay(path), nl=False)
    except OverlayEditError as exc:
        fail(str(exc))


@main.group()
def corrections() -> None:
    """Analysts' corrections made in the dashboard: export them as labelled data."""


@corrections.command("export")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="JSONL file to write.")
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), help=DB_HELP)
def corrections_export(out: Path, db: Path | None) -> None:
    """Write the corrected articles in the labelled-data format (as nlp/data/corpus/*.jsonl), corrections applied."""
    from warehouse.connection import db_path
    from warehouse.corrections_export import corrected_items, write_items

    try:
        items = corrected_items(db_path(db))
    except FileNotFoundError as exc:
        fail(str(exc))
    write_items(items, out)
    fields = sum(len(i["corrected_fields"]) for i in items)
    click.echo(f"{len(items)} corrected article(s), {fields} corrected field(s) → {out}")


@main.group()
def sources() -> None:
    """The crawl sources: their health; recordings of their sites for the fixtures."""


@sources.command("status")
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), help=DB_HELP)
def sources_status(db: Path | None) -> None:
    """Each source healthy, degraded or broken against its own history, with the reason (latest run)."""
    from warehouse.connection import db_path
    from warehouse.ops_store import ops_reader

    with ops_reader(db_path(db)) as ops:
        rows = ops.run("sources_status") if ops is not None else []
    if not rows:
        fail(f"{db_path(db)}: no pipeline run recorded yet; run `radar run` first")
    width = max(len(r["source"]) for r in rows) + 2
    click.echo(f"{'source':<{width}}{'health':<10}{'last run':<27}{'found':>7}{'new':>6}  reason")
    for r in rows:
        click.echo(f"{r['source']:<{width}}{r['health'] or '-':<10}{str(r['started_at'])[:25]:<27}"
                   f"{r['articles_found'] if r['articles_found'] is not None else '-':>7}{r['articles_new'] or 0:>6}  "
                   f"{r['health_reason'] or r['status']}")


@sources.command("record")
@click.argument("name")
@click.option("--out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the recording (e.g. tests/fixtures/sources/NAME).")
@click.option("--articles", type=click.IntRange(1, 100), default=5, show_default=True,
              help="Article pages to save, at most.")
@click.option("--sources", "sources_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=Path("crawlers/sources.yaml"), show_default=True, help="Source registry.")
@click.option("--fast", is_flag=True, hidden=True, help="No start delay (local test sites only).")
def sources_record(name: str, out: Path, articles: int, sources_file: Path, fast: bool) -> None:
    """Save a source's robots.txt, entry points and first article pages from its live site, gzipped, with a
    manifest (URL, fetch time, status, content type, publication date, sha256), fetched by the crawler itself."""
    import subprocess
    import tempfile

    from crawlers.sources import SourceConfigError, find_source

    try:
        find_source(name, sources_file)
    except SourceConfigError as exc:
        fail(str(exc))
    command = [sys.executable, "-m", "crawlers.record", name, "--out", str(out), "--articles", str(articles),
               "--sources", str(sources_file), *(["--fast"] if fast else [])]
    # A child process (Twisted's reactor runs once per process); its log goes to a file so no pipe fills up.
    with tempfile.TemporaryFile("w+", encoding="utf-8") as log, \
            subprocess.Popen(command, stdout=subprocess.PIPE, stderr=log, text=True) as child:
        assert child.stdout is not None
        for line in child.stdout:
            click.echo(line.rstrip("\n"))
        child.wait()
        log.seek(0)
        errors = [line for line in log.read().splitlines() if line.startswith("error: ")]
    if child.returncode != 0:
        fail(errors[-1].removeprefix("error: ") if errors else f"{name}: the recording crawl failed "
             f"(exit {child.returncode})")


@main.command()
@click.argument("query")
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), help=DB_HELP)
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--max-rows", type=click.IntRange(min=1), default=10_000, show_default=True,
              help="Rows shown by the table format (csv and json stream every row).")
def sql(query: str, db: Path | None, fmt: str, max_rows: int) -> None:
    """Run a read-only SQL query on the warehouse (one SELECT or EXPLAIN; it can never write).

    csv and json stream the whole result in batches; the table format shows at most --max-rows rows.
    """
    import duckdb

    from warehouse.connection import db_path
    from warehouse.read import NotReadOnly, stream_frames
    from warehouse.text_safety import safe_csv

    if not query.strip():
        fail("empty query")
    shown = 0
    try:
        frames = stream_frames(db_path(db), query)
        if fmt == "json":
            click.echo("[", nl=False)
        for number, frame in enumerate(frames):
            if fmt == "csv":
                click.echo(safe_csv(frame, header=number == 0), nl=False)
            elif fmt == "json":
                body = frame.to_json(orient="records", date_format="iso")[1:-1]
                if body:
                    click.echo(("," if shown else "") + body, nl=False)
                    shown += len(frame)
            else:
                room = max_rows - shown
                if room > 0 and len(frame):
                    part = frame.head(room)
                    click.echo(part.to_string(index=False, header=shown == 0))
                    shown += len(part)
                if len(frame) > room:
                    click.echo(f"… more rows not shown (at most {max_rows:,} in a table; "
                               "--format csv or json streams them all)", err=True)
                    break
        if fmt == "json":
            click.echo("]")
        elif fmt == "table" and shown == 0:
            click.echo("(no rows)")
    except FileNotFoundError as exc:
        fail(str(exc))
    except NotReadOnly as exc:
        fail(f"radar sql is read-only: {exc}")
    except duckdb.Error as exc:
        fail(str(exc).splitlines()[0])


@main.command()
@click.option("--week", help="ISO week such as 2025-W33 (default: the last complete week, in UTC).")
@click.option("--team", help="Only this team of the teams file.")
@click.option("--to", "to", multiple=True, help="Send to this address instead of the team's recipients (repeatable).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write FILE.html, .txt, .md, .png and .eml (with several teams: FILE-<team>.*).")
@click.option("--send", is_flag=True, help="Send by SMTP (RADAR_SMTP_HOST, _PORT, _USER, _PASSWORD, _FROM, _TLS).")
@click.option("--force", is_flag=True, help="Send even to recipients who already had this team's week.")
@click.option("--teams", "teams_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Teams file (default: $RADAR_TEAMS, else teams.yaml).")
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), help=DB_HELP)
def digest(week: str | None, team: str | None, to: tuple[str, ...], out: Path | None, send: bool, force: bool,
           teams_path: Path | None, db: Path | None) -> None:
    """Build the weekly digest per team (and send it); without --send or --out, print the Markdown.

    Teams come from teams.yaml (or $RADAR_TEAMS); a digest goes once to each recipient unless --force
    (README, 'Weekly digest').
    """
    import os
    from datetime import datetime, timezone

    from flows.digest.compose import read_week
    from flows.digest.delivery import build_team_digest, deliver_digest, output_base, write_digest_files
    from flows.digest.smtp import SmtpConfigError, SmtpSettings
    from flows.digest.teams import TeamConfigError, check_address, load_teams, select_team, teams_file
    from flows.digest.weeks import IsoWeek, WeekError, previous_week
    from warehouse.connection import db_path

    now = datetime.now(timezone.utc)
    try:
        iso_week = IsoWeek.parse(week) if week else previous_week(now.date())
        source = teams_file(teams_path)
        teams = select_team(load_teams(source), team, source)
        recipients_override = [check_address(a) for a in to]
        settings = SmtpSettings.from_env(os.environ) if send else None
    except (WeekError, TeamConfigError, SmtpConfigError) as exc:
        fail(str(exc))
    except ValueError as exc:  # a bad --to address
        fail(f"--to {exc}")
    if to and not send:
        fail("--to only applies with --send")
    warehouse = db_path(db)
    _upgrade_warehouse(warehouse)
    try:
        data = read_week(warehouse, iso_week, tuple(c for t in teams for c in t.filters.companies))
    except FileNotFoundError as exc:
        fail(str(exc))
    failures = []
    for one in teams:
        built = build_team_digest(warehouse, one, iso_week, now, data)
        click.echo(f"{one.name} {iso_week}: {built.digest.stories} {'story' if built.digest.stories == 1 else 'stories'}"
                   + (" (quiet week)" if built.digest.quiet else ""), err=True)
        if out:
            for path in write_digest_files(built, output_base(out, one.name, len(teams) > 1),
                                           settings.sender if settings else None):
                click.echo(str(path))
        if settings:
            outcome = deliver_digest(
                warehouse, built, recipients_override or list(one.recipients), settings, force=force,
                on_retry=lambda attempt, reason: click.echo(
                    f"  attempt {attempt} failed ({reason}); trying again", err=True))
            click.echo(outcome.message, err=outcome.status != "sent")
            if outcome.status in ("failed", "unrecorded"):
                failures.append(outcome.message)
        elif not out:
            click.echo(built.rendered.markdown)
    if failures:
        fail(failures[0] if len(failures) == 1 else f"{len(failures)} digests not sent; first: {failures[0]}")


if __name__ == "__main__":
    main()
