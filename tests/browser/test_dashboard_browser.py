"""The dashboard in a real browser: `radar dashboard` started on 127.0.0.1, driven by headless Chromium.

Chromium is Debian's (`make browser` installs it); Playwright drives it with executable_path and never
downloads a browser. Screenshots of each step go to artifacts/screenshots/, which CI keeps.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.dashboard_fixture import HOSTILE_ID, HOSTILE_TITLE, build_fixture_warehouse

pytestmark = [pytest.mark.slow, pytest.mark.server]

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PAGES = {"overview": "Overview", "infrastructure": "Infrastructure", "leadership": "Leadership",
         "digital": "Digital", "companies": "Companies", "search": "Search", "article": "Article",
         "sources": "Sources"}
STARTUP_SECONDS = 60
RENDER_MS = 45_000


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ServerOutput:
    """Drains the server's output in a thread (so its pipe never fills) and signals a marker line."""

    def __init__(self, process: subprocess.Popen, marker: str) -> None:
        self.lines: list[str] = []
        self.ready = threading.Event()
        self._marker = marker
        threading.Thread(target=self._drain, args=(process,), daemon=True).start()

    def _drain(self, process: subprocess.Popen) -> None:
        assert process.stdout is not None
        for line in process.stdout:
            self.lines.append(line)
            if self._marker in line:
                self.ready.set()

    def wait(self, seconds: float) -> None:
        if not self.ready.wait(seconds):
            raise AssertionError(f"`radar dashboard` did not report '{self._marker}' within {seconds} s:\n"
                                 + "".join(self.lines))


@pytest.fixture(scope="module")
def dashboard_url(tmp_path_factory) -> Iterator[str]:
    db = build_fixture_warehouse(tmp_path_factory.mktemp("browser") / "radar.duckdb")
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "flows.cli", "dashboard", "--db", str(db), "--port", str(port)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        ServerOutput(process, "URL: http://127.0.0.1").wait(STARTUP_SECONDS)
        yield f"http://127.0.0.1:{port}"
    finally:
        os.killpg(process.pid, 15)
        process.wait(timeout=30)


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is not installed: run `make browser` (as root)")
    from playwright.sync_api import sync_playwright

    shutil.rmtree(SHOTS, ignore_errors=True)
    SHOTS.mkdir(parents=True)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, dashboard_url):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, base_url=dashboard_url)
    page = context.new_page()
    outside: list[str] = []
    dialogs: list[str] = []
    # The dashboard must work offline: nothing may be fetched from anywhere but the dashboard itself.
    page.on("request", lambda request: outside.append(request.url)
            if not request.url.startswith((dashboard_url, "data:", "blob:")) else None)
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.outside_requests = outside  # type: ignore[attr-defined]
    page.dialogs = dialogs  # type: ignore[attr-defined]
    yield page
    context.close()
    assert not outside, f"the dashboard fetched from outside 127.0.0.1: {outside}"
    assert not dialogs, f"a script ran in the page: {dialogs}"


def settled(page, title: str, page_title: str | None = None) -> None:
    """Wait until the page shows `title`, its script has run to the end (the footer naming the page is the
    last thing it draws), no element is still a loading placeholder, and every visible chart is drawn (one in
    a hidden tab is drawn when shown)."""
    page.get_by_role("heading", name=title, exact=True).first.wait_for(timeout=RENDER_MS)
    page.get_by_text(f"{page_title or title} · warehouse", exact=False).first.wait_for(timeout=RENDER_MS)
    page.wait_for_function("() => !document.querySelector('[data-testid=stSkeleton]')"
                           " && [...document.querySelectorAll('[data-testid=stVegaLiteChart]')]"
                           ".every(chart => chart.offsetParent === null || chart.querySelector('svg, canvas'))",
                           timeout=RENDER_MS)


def no_exception(page) -> None:
    exceptions = page.locator("[data-testid=stException]")
    assert exceptions.count() == 0, exceptions.first.inner_text()


def shot(page, name: str) -> None:
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def metric(page, label: str) -> str:
    card = page.locator("[data-testid=stMetric]").filter(has_text=label).first
    return card.locator("[data-testid=stMetricValue]").inner_text().strip()


def test_every_page_loads_without_exception(page):
    page.goto("/")
    settled(page, "Overview")
    for path, title in PAGES.items():
        if path == "article":
            page.goto("/article?id=fx-visp")  # the Article page needs an article to show
            settled(page, "Lonza expands Visp biologics site", "Article")
        else:
            page.locator("[data-testid=stSidebarNav] a").filter(has_text=title).click()
            settled(page, title)
        expected = "" if path == "overview" else f"/{path}"  # the default page lives at "/"
        page.wait_for_url(lambda url, expected=expected: urlsplit(url).path.rstrip("/") == expected,
                          timeout=RENDER_MS)
        no_exception(page)
        assert page.get_by_role("heading", name="Filters").is_visible()
        shot(page, f"page-{path}")


def test_a_filter_changes_the_results(page):
    page.goto("/")
    settled(page, "Overview")
    page.locator("[data-testid=stMetricValue]").first.wait_for(timeout=RENDER_MS)
    assert metric(page, "Stories") == "12"
    sidebar = page.locator("[data-testid=stSidebar]")
    sidebar.locator("[data-testid=stMultiSelect]").filter(has_text="Pillar").locator("input").click()
    page.get_by_role("option", name="leadership").click()
    page.keyboard.press("Escape")
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=stMetric]')].some(m => m.innerText.includes('Stories')"
        " && m.querySelector('[data-testid=stMetricValue]').innerText.trim() === '3')", timeout=RENDER_MS)
    page.wait_for_url("**pillar=leadership**", timeout=RENDER_MS)
    no_exception(page)
    shot(page, "filter-leadership")


def test_a_chart_drill_down_reaches_an_article(page):
    page.goto("/digital")
    settled(page, "Digital")
    cell = page.locator("[data-testid=stVegaLiteChart]").nth(1).locator("g.mark-rect path").first
    cell.wait_for(timeout=RENDER_MS)
    cell.click()
    panel = page.get_by_text("Articles behind", exact=False).first
    panel.wait_for(timeout=RENDER_MS)
    assert "drill=digital.companies" in page.url
    shot(page, "drill-digital")
    link = page.locator("[data-testid=stPageLink] a").first
    title = link.inner_text().strip().splitlines()[-1]  # the first line is the icon's ligature
    link.click()
    settled(page, title, "Article")
    assert "/article?id=" in page.url
    no_exception(page)
    assert page.get_by_role("link", name="Read it at the source").is_visible()
    shot(page, "drill-article")


def test_a_script_in_a_headline_is_shown_as_text(page):
    page.goto(f"/article?id={HOSTILE_ID}")
    heading = page.get_by_role("heading", name="Vexora Bio opens", exact=False).first
    heading.wait_for(timeout=RENDER_MS)
    settled(page, heading.inner_text().strip(), "Article")
    assert heading.inner_text().strip() == HOSTILE_TITLE
    assert page.locator("[data-testid=stMain] script, [data-testid=stMain] img[src=x]").count() == 0
    body = page.locator("[data-testid=stMain]").inner_text()
    assert "<b>nothing</b>" in body and "<img src=x onerror=alert(2)>" in body
    assert page.get_by_role("link", name="Read it at the source").count() == 0  # javascript: URL refused
    shot(page, "hostile-article")
    page.goto("/search?q=Vexora")
    settled(page, "Search")
    result = page.locator("[data-testid=stPageLink]").filter(has_text="Vexora").first
    result.wait_for(timeout=RENDER_MS)
    assert "<script>alert('radar')</script>" in result.inner_text()
    shot(page, "hostile-search")
