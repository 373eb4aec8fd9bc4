"""Dashboard speed on synthetic warehouses of 100,000 and 1,000,000 articles.

Three measures per size:
- first render of each page with every cache cold (Streamlit's and the read path's shared connection), run
  by Streamlit's AppTest: the server-side time a user waits for, charts and tables built;
- a filter change on the Overview (a pillar, then a region), cold for the new values;
- the same in a real browser (headless Chromium on `radar dashboard`), from navigation to the page's last
  element and every chart drawn, when /usr/bin/chromium exists: the first session after the server started
  (everything cold, the process's start-up included); a new session on a first visit (median of five, each in
  a fresh browser context, so nothing comes from the browser's cache); a new session from a returning browser
  (median of five new tabs in one context that has opened the page before, so Streamlit's files and their
  compiled code come from the browser's caches); then a pillar filter change;
- Streamlit's own floor for that browser figure: benchmarks/streamlit_floor/app.py shows the same kinds of
  elements (sidebar multiselect, title, metrics, four Altair charts, caption) with no data, timed the same ways.

The raw side replays the very SQL each render ran (captured from the read path) on one plain DuckDB
read-only connection, so ours/raw is what Streamlit, caching, charts and our Python add to DuckDB's work.

`python -m benchmarks.dashboard_render [N ...]`; `make bench` runs it through benchmarks/run.py.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

from benchmarks.dashboard_warehouse import cached_warehouse

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "dashboard" / "streamlit_app.py"
PAGES = ("overview", "infrastructure", "leadership", "digital", "companies", "search", "article")
PAGE_QUERY = {"search": {"q": "bioreactor capacity"}, "companies": {"name": "Lonza"},
              "article": {"id": "syn000000042"}}
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@contextmanager
def captured_queries() -> Iterator[list[tuple[str, Any]]]:
    """Record (sql, params) of every query the read path runs inside the block."""
    from warehouse import read

    seen: list[tuple[str, Any]] = []
    original = read.read_frame

    def recording(db: Path, sql: str, params: Any = None):  # type: ignore[no-untyped-def]
        seen.append((sql, params))
        return original(db, sql, params)

    read.read_frame = recording  # type: ignore[assignment]
    modules = [m for m in sys.modules.values() if getattr(m, "read_frame", None) is original]
    for module in modules:
        module.read_frame = recording  # type: ignore[attr-defined]
    try:
        yield seen
    finally:
        read.read_frame = original  # type: ignore[assignment]
        for module in modules:
            module.read_frame = original  # type: ignore[attr-defined]


def cold_caches() -> None:
    import streamlit as st

    from warehouse import read

    st.cache_data.clear()
    with read._lock:
        read._shared.clear()


def raw_seconds(db: Path, queries: list[tuple[str, Any]]) -> float:
    """The same queries on one fresh plain DuckDB read-only connection."""
    started = time.perf_counter()
    con = duckdb.connect(str(db), read_only=True)
    try:
        for sql, params in queries:
            con.execute(sql, params or []).df()
    finally:
        con.close()
    return time.perf_counter() - started


def timed(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def apptest_figures(db: Path) -> list[tuple[str, float, float]]:
    """(what, ours seconds, raw seconds) for each page's first render and two filter changes."""
    from streamlit.testing.v1 import AppTest

    os.environ["RADAR_DB"] = str(db)
    # One render first, so what is measured is a user's view on a running server with cold data caches,
    # not the process's one-time start-up (imports, Altair's schema, Streamlit's runtime).
    AppTest.from_file(str(APP), default_timeout=300).run()
    rows = []
    for page in PAGES:
        cold_caches()
        at = AppTest.from_file(str(APP), default_timeout=300)
        at.query_params.update(PAGE_QUERY.get(page, {}))
        with captured_queries() as queries:
            if page == "overview":
                seconds = timed(at.run)
            else:
                at.run()  # the main script and its sidebar, then the page on its own
                at.switch_page(f"views/{page}.py")
                queries.clear()
                cold_caches()
                seconds = timed(at.run)
        assert not at.exception, [e.value for e in at.exception]
        rows.append((f"first render: {page}", seconds, raw_seconds(db, queries)))
    cold_caches()
    at = AppTest.from_file(str(APP), default_timeout=300).run()
    for label, key, value in (("filter change: pillar", "filter-pillar", ["leadership"]),
                              ("filter change: region", "filter-place", ["Europe"])):
        with captured_queries() as queries:
            seconds = timed(at.multiselect(key=key).set_value(value).run)
        assert not at.exception, [e.value for e in at.exception]
        rows.append((label, seconds, raw_seconds(db, queries)))
    return rows


FLOOR_APP = ROOT / "benchmarks" / "streamlit_floor" / "app.py"
NEW_SESSIONS = 5
VIEWPORT = {"width": 1400, "height": 1000}
# Chromium keeps a script's compiled code once it has run it on a few visits.
WARM_UP_VISITS = 3


@contextmanager
def _serving(db: Path, port: int, floor: bool = False) -> Iterator[str]:
    """`radar dashboard` (or the floor app) on 127.0.0.1:`port` while the block runs; yields its URL."""
    from dashboard.server import streamlit_command

    command = (streamlit_command(db, port, FLOOR_APP) if floor else
               [sys.executable, "-m", "flows.cli", "dashboard", "--db", str(db), "--port", str(port)])
    process = subprocess.Popen(
        command,
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"})
    ready = threading.Event()

    def drain() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            if "URL: http://127.0.0.1" in line:
                ready.set()

    threading.Thread(target=drain, daemon=True).start()
    try:
        if not ready.wait(120):
            raise RuntimeError("radar dashboard did not start within 120 s")
        yield f"http://127.0.0.1:{port}/"
    finally:
        os.killpg(process.pid, 15)
        process.wait(timeout=60)


def _settled(page, text: str) -> None:  # type: ignore[no-untyped-def]
    """Until `text` shows, no skeleton is left and every visible chart has drawn its SVG."""
    page.get_by_text(text).first.wait_for(timeout=300_000)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=stSkeleton]') && [...document.querySelectorAll("
        "'[data-testid=stVegaLiteChart]')].every(c => c.offsetParent === null || c.querySelector('svg'))",
        timeout=300_000)


def _tab_seconds(context, url: str, text: str) -> float:  # type: ignore[no-untyped-def]
    """Seconds from navigation until settled, in a new tab of `context` (a new Streamlit session)."""
    page = context.new_page()
    try:
        return timed(lambda: (page.goto(url), _settled(page, text)))
    finally:
        page.close()


@contextmanager
def _browser_context(browser) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=VIEWPORT)
    try:
        yield context
    finally:
        context.close()


def _session_seconds(browser, url: str, text: str) -> float:  # type: ignore[no-untyped-def]
    """Seconds from navigation until settled, in a fresh browser context (empty cache)."""
    with _browser_context(browser) as context:
        return _tab_seconds(context, url, text)


def _new_sessions(browser, url: str, text: str) -> float:  # type: ignore[no-untyped-def]
    """Median seconds of NEW_SESSIONS first renders, each in a fresh browser context."""
    return statistics.median(_session_seconds(browser, url, text) for _ in range(NEW_SESSIONS))


def _returning_sessions(browser, url: str, text: str) -> float:  # type: ignore[no-untyped-def]
    """Median seconds of NEW_SESSIONS first renders in one browser context that has opened the page before, each
    in a new tab (a new Streamlit session): Streamlit's hashed files come from the browser's cache and their
    compiled code from its code cache, as for an analyst who opened the dashboard yesterday."""
    with _browser_context(browser) as context:
        for _ in range(WARM_UP_VISITS):
            _tab_seconds(context, url, text)
        return statistics.median(_tab_seconds(context, url, text) for _ in range(NEW_SESSIONS))


def browser_figures(db: Path, port: int = 8799) -> list[tuple[str, float]]:
    """Real-browser seconds: Overview first render (server caches cold), new sessions, a pillar filter change,
    and Streamlit's floor for the same elements."""
    if not CHROMIUM.exists():
        return []
    from playwright.sync_api import sync_playwright

    text = "Overview · warehouse"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        with _serving(db, port) as url:
            started = _session_seconds(browser, url, text)
            # Other users: new browser sessions on the running server (the data caches are now warm).
            first = _new_sessions(browser, url, text)
            returning = _returning_sessions(browser, url, text)
            page = browser.new_page(viewport=VIEWPORT)
            page.goto(url)
            _settled(page, text)
            sidebar = page.locator("[data-testid=stSidebar]")
            sidebar.locator("[data-testid=stMultiSelect]").filter(has_text="Pillar").locator("input").click()
            option = page.get_by_role("option", name="leadership")

            def change() -> None:
                option.click()
                page.wait_for_url("**pillar=leadership**", timeout=300_000)
                page.get_by_text("pillars: leadership").first.wait_for(timeout=300_000)
                _settled(page, text)

            changed = timed(change)
            page.context.close()
        with _serving(db, port + 1, floor=True) as floor_url:
            _session_seconds(browser, floor_url, text)  # the floor server's own start-up is not part of the floor
            floor = _new_sessions(browser, floor_url, text)
            floor_returning = _returning_sessions(browser, floor_url, text)
        browser.close()
    return [("browser: Overview, first session after the server started", started),
            (f"browser: Overview, a new session, first visit (median of {NEW_SESSIONS})", first),
            (f"browser: Overview, a new session, returning browser (median of {NEW_SESSIONS})", returning),
            ("browser: pillar filter change", changed),
            (f"browser: Streamlit floor, same elements and no data, a new session, first visit "
             f"(median of {NEW_SESSIONS})", floor),
            (f"browser: Streamlit floor, a new session, returning browser (median of {NEW_SESSIONS})",
             floor_returning)]


def bench(n: int) -> list[tuple[str, float, float | None]]:
    db = cached_warehouse(n)
    rows: list[tuple[str, float, float | None]] = [(what, ours, raw) for what, ours, raw in apptest_figures(db)]
    rows += [(what, seconds, None) for what, seconds in browser_figures(db)]
    return rows


def table(n: int, rows: list[tuple[str, float, float | None]]) -> str:
    lines = [f"| {n:,} articles | ours (s) | raw DuckDB (s) | ratio ours/raw |", "|---|---|---|---|"]
    for what, ours, raw in rows:
        ratio = f"{ours / raw:.1f}" if raw else "-"
        lines.append(f"| {what} | {ours:.2f} | {'-' if raw is None else f'{raw:.2f}'} | {ratio} |")
    return "\n".join(lines)


def bench_row(sizes: tuple[int, ...] = (100_000, 1_000_000)) -> tuple[str, float, float, int, str]:
    """For benchmarks/run.py: the detailed tables go to stderr, the headline row (the Overview's first
    render at the largest size) comes back in run.py's shape."""
    headline: tuple[str, float, float, int, str] | None = None
    for n in sizes:
        rows = bench(n)
        print(table(n, rows), "\n", file=sys.stderr, flush=True)
        ours, raw = next((o, r) for what, o, r in rows if what == "first render: overview")
        headline = (f"dashboard Overview first render ({n:,} articles)", ours, raw or ours, 1, "renders")
    assert headline is not None
    return headline


def main(sizes: list[int]) -> int:
    print(f"{os.cpu_count()} cores, Python {sys.version.split()[0]}, DuckDB {duckdb.__version__}\n")
    for n in sizes:
        print(table(n, bench(n)), "\n", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main([int(a) for a in sys.argv[1:]] or [100_000, 1_000_000]))
