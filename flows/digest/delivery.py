"""Build a team's digest, write it to files, send it once: the steps `radar digest` and the flow share."""

from __future__ import annotations

import fcntl
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from flows.digest.chart import trend_png
from flows.digest.compose import WeekData, compose_digest
from flows.digest.content import Digest
from flows.digest.message import build_message
from flows.digest.render import RenderedDigest, render_digest
from flows.digest.smtp import DeliveryError, SmtpSettings, send_with_retries
from flows.digest.summaries import one_line
from flows.digest.teams import Team
from flows.digest.weeks import IsoWeek
from warehouse.digests import DigestRecord, delivered_recipients, record_digest
from warehouse.ops_store import ops_path, ops_writer

FILE_SUFFIXES = (".html", ".txt", ".md", ".png", ".eml")
PREVIEW_SENDER = "cdmo-radar <radar@localhost>"


@dataclass(frozen=True)
class BuiltDigest:
    team: Team
    digest: Digest
    rendered: RenderedDigest


@dataclass(frozen=True)
class DeliveryOutcome:
    team: str
    week: str
    status: str  # sent | skipped | failed | unrecorded (sent, but the archive could not be written)
    recipients: tuple[str, ...]  # delivered to (sent), already sent to (skipped), attempted (failed)
    message: str  # one line for the terminal or the flow log


def build_team_digest(db: Path, team: Team, week: IsoWeek, generated_at: datetime,
                      data: WeekData | None = None) -> BuiltDigest:
    digest = compose_digest(db, team, week, generated_at, data)
    chart = None if digest.quiet else trend_png(digest.trend, f"Stories per week, last 12 weeks · {team.name}")
    return BuiltDigest(team=team, digest=digest, rendered=render_digest(digest, chart))


def artifact_key(team: str, week: IsoWeek) -> str:
    """The Prefect artifact a team's week is published as; keys allow lower-case letters, digits and dashes."""
    return f"digest-{team}-{str(week).lower()}"


def output_base(out: Path, team: str, several: bool) -> Path:
    """`--out report.html` → report.*; with several teams each gets its own: report-<team>.*"""
    base = out.with_suffix("") if out.suffix.lower() in FILE_SUFFIXES else out
    return base.with_name(f"{base.name}-{team}") if several else base


def write_digest_files(built: BuiltDigest, base: Path, sender: str | None = None) -> list[Path]:
    """The HTML (chart as a file beside it), plain text, Markdown, the chart, and the whole e-mail as .eml."""
    base.parent.mkdir(parents=True, exist_ok=True)
    rendered = built.rendered
    paths: list[Path] = []

    def write(suffix: str, data: str | bytes) -> None:
        path = base.with_name(base.name + suffix)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
        paths.append(path)

    chart_name = base.name + ".png"
    write(".html", rendered.html_with_chart_file(chart_name) if rendered.chart_png else rendered.html)
    write(".txt", rendered.text)
    write(".md", rendered.markdown)
    if rendered.chart_png is not None:
        write(".png", rendered.chart_png)
    message = build_message(rendered, sender or PREVIEW_SENDER, list(built.team.recipients),
                            built.digest.generated_at, built.team.name, str(built.digest.week))
    write(".eml", message.as_bytes())
    return paths


@contextmanager
def _send_lock(db: Path) -> Iterator[None]:
    """One sender at a time per warehouse, so a scheduled run and a manual one cannot both send a week.

    Separate from the writer's lock: holding it through SMTP retries must not hold up the daily load.
    """
    db.parent.mkdir(parents=True, exist_ok=True)
    with open(db.with_name(f".{db.name}.digest.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def deliver_digest(db: Path, built: BuiltDigest, recipients: list[str], settings: SmtpSettings,
                   force: bool = False, sleep: Callable[[float], None] | None = None,
                   on_retry: Callable[[int, str], None] | None = None) -> DeliveryOutcome:
    """Send the digest to the recipients who have not had this team's week yet (all of them with `force`),
    and archive the attempt in the digest archive (the operational file beside the warehouse). Never raises for a failed delivery: the outcome says."""
    team, week = built.team.name, str(built.digest.week)
    with _send_lock(db):
        already = {} if force else delivered_recipients(db, team, week)
        pending = [r for r in recipients if r.lower() not in already]
        if not pending:
            first = min(already.values()) if already else None
            when = f" on {first:%Y-%m-%d %H:%M} UTC" if first else ""
            return DeliveryOutcome(team, week, "skipped", tuple(recipients),
                                   f"{team} {week}: already sent to {', '.join(recipients)}{when}; "
                                   "use --force to send again")
        sent_at = datetime.now(timezone.utc)
        message = build_message(built.rendered, settings.sender, pending, sent_at, team, week)
        kwargs = {"sleep": sleep} if sleep else {}
        try:
            result = send_with_retries(message, settings, pending, on_retry=on_retry, **kwargs)
        except DeliveryError as exc:
            _archive(db, built, [(pending, None, "failed", str(exc))], message["Message-ID"])
            return DeliveryOutcome(team, week, "failed", tuple(pending), f"{team} {week}: {exc}")
        rows = [(list(result.delivered), sent_at, "sent", None)] if result.delivered else []
        if result.refused:
            reason = "; ".join(f"{a}: {r}" for a, r in result.refused.items())
            rows.append((list(result.refused), None, "failed", f"{settings.where}: refused {reason}"))
        try:
            _archive(db, built, rows, message["Message-ID"])
        except (sqlite3.Error, OSError) as exc:
            # The mail went out but the warehouse does not know: say so, since a re-run would send it again.
            return DeliveryOutcome(team, week, "unrecorded", result.delivered,
                                   f"{team} {week}: sent to {', '.join(result.delivered)} but not recorded in "
                                   f"{ops_path(db)} ({one_line(str(exc))}); a re-run would send it again")
    skipped = [r for r in recipients if r not in pending]
    note = f" (already had it: {', '.join(skipped)})" if skipped else ""
    if result.refused:
        return DeliveryOutcome(team, week, "failed", tuple(result.refused),
                               f"{team} {week}: {settings.where}: refused " +
                               "; ".join(f"{a}: {r}" for a, r in result.refused.items()) +
                               (f"; sent to {', '.join(result.delivered)}" if result.delivered else ""))
    retries = f" after {result.attempts} attempts" if result.attempts > 1 else ""
    return DeliveryOutcome(team, week, "sent", result.delivered,
                           f"{team} {week}: sent to {', '.join(result.delivered)}{retries}{note}")


def _archive(db: Path, built: BuiltDigest, rows: list[tuple[list[str], datetime | None, str, str | None]],
             message_id: str | None) -> None:
    rendered = built.rendered
    with ops_writer(db) as ops:
        for recipients, sent_at, status, error in rows:
            record_digest(ops, DigestRecord(
                team=built.team.name, iso_week=str(built.digest.week), generated_at=built.digest.generated_at,
                sent_at=sent_at, recipients=tuple(recipients), subject=rendered.subject,
                markdown=rendered.markdown, html=rendered.html, text=rendered.text, status=status, error=error,
                message_id=message_id,
            ))
