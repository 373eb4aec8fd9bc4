"""An analyst corrects an article in a real browser (`radar dashboard` on 127.0.0.1, headless Chromium) and the
Overview, Leadership and Companies pages, and the next digest, reflect it; `--read-only` shows no form.

The article: "Lonza appoints Piet Aalders as CFO" (fx-cfo), read by the machine as one appointment. The analyst
says it is a departure (event type), that Piet Aalders leaves and Mira Olsen comes in (a role), and that the
article also names a new organisation, Nordwind Pharma (a company).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime, timezone

import pytest

from tests.browser.test_dashboard_browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    RENDER_MS,
    ROOT,
    STARTUP_SECONDS,
    ServerOutput,
    _free_port,
    metric,
    no_exception,
    settled,
)
from tests.dashboard_fixture import build_fixture_warehouse

pytestmark = [pytest.mark.slow, pytest.mark.server]

TEAMS = """
teams:
  - name: all-signals
    recipients: [bd@example.com]
"""


def start_dashboard(db, *extra: str, **env: str) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "flows.cli", "dashboard", "--db", str(db), "--port", str(port), *extra],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1", **env},
    )
    ServerOutput(process, "URL: http://127.0.0.1").wait(STARTUP_SECONDS)
    return process, f"http://127.0.0.1:{port}"


def stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, 15)
    process.wait(timeout=30)


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build_fixture_warehouse(tmp_path_factory.mktemp("corrections-browser") / "radar.duckdb")


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is not installed: run `make browser` (as root)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def open_page(browser) -> Iterator:
    contexts = []
    dialogs: list[str] = []

    def new(url: str):
        context = browser.new_context(viewport={"width": 1400, "height": 1400}, base_url=url)
        contexts.append(context)
        page = context.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        return page

    yield new
    for context in contexts:
        context.close()
    assert not dialogs, f"a script ran in the page: {dialogs}"


def leadership_digest_moves(db) -> tuple[int, list[str]]:
    from flows.digest.compose import compose_digest
    from flows.digest.teams import parse_teams, select_team
    from flows.digest.weeks import IsoWeek

    team = select_team(parse_teams(TEAMS), "all-signals", "test")[0]
    digest = compose_digest(db, team, IsoWeek(2025, 41), datetime(2025, 10, 13, 7, tzinfo=timezone.utc))
    moves = next(f for f in digest.figures if f.key == "leadership_moves")
    events = [i.event_type for s in digest.sections for i in s.items if i.story_id == "fx-cfo"]
    return int(moves.this_week), events


def text_input(page, label: str):
    return page.get_by_label(label, exact=True)


def test_an_analyst_corrects_a_company_a_role_and_an_event_type(db, open_page):
    assert leadership_digest_moves(db) == (1, ["executive_appointment"])
    process, url = start_dashboard(db, RADAR_ANALYST="Ann Analyst")
    try:
        page = open_page(url)
        page.goto("/")
        settled(page, "Overview")
        page.locator("[data-testid=stMetricValue]").first.wait_for(timeout=RENDER_MS)
        assert metric(page, "Leadership moves") == "3"

        page.goto("/article?id=fx-cfo")
        settled(page, "Lonza appoints Piet Aalders as CFO", "Article")
        page.get_by_role("tab", name="Correct").click()
        page.get_by_text("Correcting as", exact=False).first.wait_for(timeout=RENDER_MS)
        form = page.locator("[data-testid=stForm]")
        # Event type: a departure, not an appointment.
        form.locator("[data-testid=stSelectbox]").filter(has_text="Event type").click()
        page.get_by_role("option", name="executive departure", exact=True).click()
        # Role: Piet Aalders leaves; Mira Olsen is appointed CFO.
        form.locator("[data-testid=stSelectbox]").filter(has_text="Move 1").click()
        page.get_by_role("option", name="departing", exact=True).click()
        text_input(form, "Person 2").fill("Mira Olsen")
        text_input(form, "Role 2").fill("CFO")
        text_input(form, "Organisation 2").fill("Lonza")
        # Company: a new organisation the knowledge base does not hold.
        text_input(form, "Add a new organisation (not in the knowledge base)").fill("Nordwind Pharma")
        text_input(form, "Reason (required)").fill("Aalders leaves for Nordwind Pharma; Olsen succeeds him")
        form.get_by_role("button", name="Save correction").click()
        page.get_by_text("Saved and published", exact=False).first.wait_for(timeout=RENDER_MS)
        no_exception(page)
        notice = page.locator("[data-testid=stAlert]").filter(has_text="Corrected by analysts").first
        assert "Ann Analyst" in notice.inner_text()
        assert metric(page, "Event") == "executive departure"

        page.goto("/")
        settled(page, "Overview")
        page.locator("[data-testid=stMetricValue]").first.wait_for(timeout=RENDER_MS)
        assert metric(page, "Leadership moves") == "4"

        page.goto("/leadership")
        settled(page, "Leadership")
        moves = page.locator("[data-testid=stDataFrame]").filter(has_text="Mira Olsen")
        moves.first.wait_for(timeout=RENDER_MS)
        csv = page.get_by_role("button", name="Download CSV", exact=False)
        assert csv.count() >= 1
        no_exception(page)

        page.goto("/companies")
        settled(page, "Companies")
        page.locator("[data-testid=stPageLink]").filter(has_text="Nordwind Pharma").first.wait_for(timeout=RENDER_MS)
        no_exception(page)
    finally:
        stop(process)
    assert leadership_digest_moves(db) == (2, ["executive_departure"])


def test_read_only_dashboard_shows_no_form(db, open_page):
    process, url = start_dashboard(db, "--read-only", RADAR_ANALYST="Ann Analyst")
    try:
        page = open_page(url)
        page.goto("/article?id=fx-visp")
        settled(page, "Lonza expands Visp biologics site", "Article")
        page.get_by_role("tab", name="Corrections").click()
        page.get_by_text("No analyst has corrected this article.").wait_for(timeout=RENDER_MS)
        assert page.locator("[data-testid=stForm]").count() == 0
        assert page.get_by_role("button", name="Save correction").count() == 0
    finally:
        stop(process)


def test_markup_typed_into_the_form_stays_text(db, open_page):
    hostile = "<img src=x onerror=alert(7)> **Evil** Bio"
    process, url = start_dashboard(db, RADAR_ANALYST="<b>Eve</b>")
    try:
        page = open_page(url)
        page.goto("/article?id=fx-results")
        settled(page, "Catalent reports third-quarter results", "Article")
        page.get_by_role("tab", name="Correct").click()
        form = page.locator("[data-testid=stForm]")
        text_input(form, "Add a new organisation (not in the knowledge base)").fill(hostile)
        form.locator("[data-testid=stSelectbox]").filter(has_text="Subject company").click()
        page.get_by_role("option", name="new organisation", exact=False).click()
        text_input(form, "Reason (required)").fill("<script>alert(8)</script>")
        form.get_by_role("button", name="Save correction").click()
        page.get_by_text("Saved and published", exact=False).first.wait_for(timeout=RENDER_MS)
        no_exception(page)
        assert metric(page, "Subject company") == hostile
        notice = page.locator("[data-testid=stAlert]").filter(has_text="Corrected by analysts").first
        assert "<b>Eve</b>" in notice.inner_text()
        assert page.locator("[data-testid=stMain] img[src=x], [data-testid=stMain] script").count() == 0
        page.goto("/companies")
        settled(page, "Companies")
        link = page.locator("[data-testid=stPageLink]").filter(has_text="Evil").first
        link.wait_for(timeout=RENDER_MS)
        assert hostile in link.inner_text()
        assert page.locator("[data-testid=stMain] img[src=x]").count() == 0
    finally:
        stop(process)
