"""The weekly digest flow: every team's digest for last week, sent once, each archived as a Prefect artifact.

Deployed by prefect.yaml to run on Mondays at 07:00 (timezone in the schedule); the work is in flows/digest/.
"""

from __future__ import annotations

import os
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from flows.settings import configure_prefect

configure_prefect()

from prefect import flow, get_run_logger, task  # noqa: E402
from prefect.artifacts import create_markdown_artifact  # noqa: E402
from prefect.cache_policies import NO_CACHE  # noqa: E402

from flows.digest.delivery import DeliveryOutcome, artifact_key, build_team_digest, deliver_digest  # noqa: E402
from flows.digest.smtp import SmtpSettings  # noqa: E402
from flows.digest.teams import Team, load_teams, teams_file  # noqa: E402
from flows.digest.weeks import IsoWeek, previous_week  # noqa: E402
from warehouse.connection import db_path  # noqa: E402


# NO_CACHE: a digest must be rebuilt from the warehouse every run, never replayed from a cached result.
@task(cache_policy=NO_CACHE)
def send_team_digest(db: Path, team: Team, week: IsoWeek, force: bool) -> dict:
    logger = get_run_logger()
    settings = SmtpSettings.from_env(os.environ)  # read here, so the password never travels as a task input
    built = build_team_digest(db, team, week, datetime.now(ZoneInfo("UTC")))
    outcome: DeliveryOutcome = deliver_digest(
        db, built, list(team.recipients), settings, force=force,
        on_retry=lambda attempt, reason: logger.warning("%s: attempt %d failed (%s); retrying", team.name,
                                                        attempt, reason))
    create_markdown_artifact(markdown=built.rendered.markdown, key=artifact_key(team.name, week),
                             description=built.rendered.subject)
    (logger.error if outcome.status in ("failed", "unrecorded") else logger.info)(outcome.message)
    return asdict(outcome)


@flow(name="radar-weekly-digest", log_prints=True)
def weekly_digest_flow(week: str | None = None, teams: str | None = None, db: str | None = None,
                       timezone: str = "UTC", force: bool = False) -> list[dict]:
    """Send every team's digest. `week` defaults to the last complete ISO week as of today in `timezone`
    (set it to the schedule's timezone, so a Monday-morning run in Tokyo still reports the week just ended)."""
    iso_week = IsoWeek.parse(week) if week else previous_week(datetime.now(ZoneInfo(timezone)).date())
    SmtpSettings.from_env(os.environ)  # refuse at once, naming the variable, before any team is built
    warehouse = db_path(db)
    outcomes = [send_team_digest(warehouse, team, iso_week, force)
                for team in load_teams(teams_file(teams))]
    failed = [o["message"] for o in outcomes if o["status"] in ("failed", "unrecorded")]
    if failed:
        raise RuntimeError(f"{len(failed)} of {len(outcomes)} digests not sent: " + " | ".join(failed))
    return outcomes
