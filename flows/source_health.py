"""Is a source still working? Each run's figures against the same source's own recent history.

A source rarely fails outright: its feed turns into an HTML page, a redesign hides the dates or cuts the body,
or it quietly yields nothing for weeks while the run reports "ok". So each run is compared with the source's
previous runs (its median, not a fixed bar: a weekly newsroom and a busy wire differ tenfold) and marked:

- **broken**: nothing could be fetched; or the feed or sitemap no longer parses and nothing came in; or no
  article for the last BROKEN_AFTER runs in a row where it used to yield some;
- **degraded**: far fewer articles than usual, many fewer pages with a date, much shorter bodies, or more than a
  fifth of its requests failing;
- **healthy** otherwise, including a new source with too little history to compare (said so in the reason).
"""

from __future__ import annotations

import json
import statistics
from dataclasses import dataclass

from warehouse.ops_store import OpsStore

HISTORY_RUNS = 10  # previous runs compared against
MIN_HISTORY = 3  # fewer previous runs: nothing to compare yet
BROKEN_AFTER = 3  # consecutive runs with no article, counting this one
FEWER_ARTICLES = 0.25  # degraded under this share of the usual count (when the usual is at least 4)
FEWER_DATED = 0.3  # degraded when the share of dated articles falls by this much
SHORTER_BODIES = 0.5  # degraded under this share of the usual median body length
ERROR_SHARE = 0.2  # degraded when this share of requests failed


@dataclass(frozen=True)
class SourceFigures:
    """One source's run, as the health check reads it."""

    status: str  # the crawl's own: ok | partial | failed
    articles: int  # article pages crawled this run (before the seen-URL store drops known ones)
    pages_fetched: int = 0
    http_errors: int = 0
    parse_failures: int = 0  # feeds and sitemaps that no longer parse
    dated_share: float | None = None  # of the articles crawled, those with a publication date
    median_words: float | None = None  # median body length of the articles crawled


@dataclass(frozen=True)
class Health:
    state: str  # healthy | degraded | broken
    reason: str


def assess(current: SourceFigures, history: list[SourceFigures]) -> Health:
    """`history`: the source's previous runs, newest first."""
    if current.status == "failed":
        return Health("broken", "nothing could be fetched")
    if current.parse_failures and current.articles == 0:
        return Health("broken", f"{current.parse_failures} feed or sitemap no longer parses, and no article came in")
    recent = [run for run in history[:HISTORY_RUNS] if run.status != "failed"]
    if len(recent) < MIN_HISTORY:
        return Health("healthy", f"new source: {len(recent)} earlier run(s), too few to compare")
    usual = statistics.median(run.articles for run in recent)
    empty_streak = 1 + next((i for i, run in enumerate(history) if run.articles > 0), len(history))
    if current.articles == 0 and usual > 0 and empty_streak >= BROKEN_AFTER:
        return Health("broken", f"no article in the last {empty_streak} runs (usually {usual:g} a run)")
    problems = []
    if usual >= 4 and current.articles < FEWER_ARTICLES * usual:
        problems.append(f"{current.articles} articles against a usual {usual:g}")
    usual_dated = _median([run.dated_share for run in recent])
    if current.articles and current.dated_share is not None and usual_dated is not None \
            and current.dated_share < usual_dated - FEWER_DATED:
        problems.append(f"{current.dated_share:.0%} of articles dated against a usual {usual_dated:.0%}")
    usual_words = _median([run.median_words for run in recent])
    if current.articles and current.median_words is not None and usual_words \
            and current.median_words < SHORTER_BODIES * usual_words:
        problems.append(f"median body {current.median_words:g} words against a usual {usual_words:g}")
    requests = current.pages_fetched + current.http_errors
    if requests and current.http_errors / requests > ERROR_SHARE:
        problems.append(f"{current.http_errors} of {requests} requests failed")
    if current.parse_failures:
        problems.append(f"{current.parse_failures} feed or sitemap no longer parses")
    if problems:
        return Health("degraded", "; ".join(problems))
    return Health("healthy", f"{current.articles} articles (usually {usual:g})")


def _median(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


def figures_of(status: str, found: int, pages_fetched: int, errors: dict[str, int],
               articles: list[dict]) -> SourceFigures:
    """A run's figures from its crawl counts and the article records it downloaded."""
    dated = [a for a in articles if a.get("published")]
    words = [len(str(a.get("text") or "").split()) for a in articles]
    return SourceFigures(
        status=status, articles=found, pages_fetched=pages_fetched, **_error_counts(errors),
        dated_share=len(dated) / len(articles) if articles else None,
        median_words=float(statistics.median(words)) if words else None,
    )


def history_of(ops: OpsStore | None, source: str, run_id: str) -> list[SourceFigures]:
    """The source's previous runs recorded in the operational store, newest first."""
    if ops is None:
        return []
    rows = ops.run("source_history", {"source": source, "run_id": run_id, "limit": HISTORY_RUNS})
    history = []
    for row in rows:
        errors = json.loads(row["errors"] or "{}")
        history.append(SourceFigures(
            status=row["status"], articles=int(row["articles_found"]), pages_fetched=int(row["pages_fetched"] or 0),
            **_error_counts(errors), dated_share=_number(row["dated_share"]), median_words=_number(row["median_words"])))
    return history


def _error_counts(errors: dict[str, int]) -> dict[str, int]:
    """A run's error counts by kind (crawlers/run.py) as the health check reads them."""
    return {"http_errors": sum(n for kind, n in errors.items() if kind.startswith("http_")),
            "parse_failures": sum(n for kind, n in errors.items() if kind in ("bad_feed", "bad_sitemap"))}


def _number(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]
