"""Rendering: goldens for the Markdown and plain text, escaping of crawled text in every format, the chart.

Goldens live in tests/fixtures/digest/; after a deliberate change rebuild them with
`RADAR_UPDATE_GOLDENS=1 .venv/bin/pytest tests/test_digest_render.py` and review the diff.
"""

from __future__ import annotations

import os
import re
import struct
from html.parser import HTMLParser

import pytest
from markdown_it import MarkdownIt

from flows.digest.chart import trend_png
from flows.digest.delivery import build_team_digest
from flows.digest.render import CHART_CID, md_escape, md_link
from flows.digest.weeks import IsoWeek
from tests.conftest import ROOT
from tests.test_digest_content import GENERATED_AT, HOSTILE_TITLE, WEEK, build_digest_warehouse, team

GOLDEN_DIR = ROOT / "tests" / "fixtures" / "digest"
QUIET = IsoWeek(2025, 40)


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    return build_digest_warehouse(tmp_path_factory.mktemp("render") / "radar.duckdb")


@pytest.fixture(scope="module")
def built(warehouse):
    return {(name, week): build_team_digest(warehouse, team(name), week, GENERATED_AT)
            for name in ("all-signals", "cgt-europe") for week in (WEEK, QUIET)}


def check_golden(name: str, text: str) -> None:
    path = GOLDEN_DIR / name
    if os.environ.get("RADAR_UPDATE_GOLDENS"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"{path} missing: run with RADAR_UPDATE_GOLDENS=1 once and review it"
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from its golden"


@pytest.mark.parametrize("name", ["all-signals", "cgt-europe"])
@pytest.mark.parametrize("week", [WEEK, QUIET], ids=str)
def test_markdown_and_text_match_goldens(built, name, week):
    rendered = built[(name, week)].rendered
    check_golden(f"{name}-{week}.md", rendered.markdown)
    check_golden(f"{name}-{week}.txt", rendered.text)


class _Structure(HTMLParser):
    """Collects what a mail client would act on: tags, links, images, inline styles, script text."""

    VOID = {"meta", "img", "br", "hr", "link", "input"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.open: list[str] = []
        self.hrefs: list[str] = []
        self.srcs: list[str] = []
        self.data: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        attributes = dict(attrs)
        assert not any(name.startswith("on") for name in attributes), (tag, attrs)
        if "href" in attributes:
            self.hrefs.append(attributes["href"])
        if "src" in attributes:
            self.srcs.append(attributes["src"])
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag):
        assert self.open and self.open[-1] == tag, f"</{tag}> closes <{self.open[-1] if self.open else None}>"
        self.open.pop()

    def handle_data(self, data):
        self.data.append(data)


def test_html_is_self_contained_inline_styled_and_escaped(built):
    html = built[("all-signals", WEEK)].rendered.html
    page = _Structure()
    page.feed(html)
    page.close()
    assert page.open == []  # every element closed, in order
    assert "script" not in page.tags and "style" not in page.tags and "link" not in page.tags
    assert page.srcs == [f"cid:{CHART_CID}"]  # nothing fetched from the network
    assert page.hrefs and all(h.startswith(("http://", "https://")) for h in page.hrefs)
    assert "javascript:" not in " ".join(page.hrefs)
    # The hostile headline is shown as text, exactly as it was written.
    assert HOSTILE_TITLE in "".join(page.data)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<b>Corp</b>" not in html
    assert "Evil &lt;b&gt;Corp&lt;/b&gt;" in html and "x-wire&lt;i&gt;" in html
    # Layout a mail client keeps: a fixed-width table, styles on the elements themselves.
    assert 'width="640"' in html and html.count('style="') > 40


def test_markdown_escapes_crawled_text(built):
    markdown = built[("all-signals", WEEK)].rendered.markdown
    rendered_html = MarkdownIt("commonmark").render(markdown)
    assert "<script" not in rendered_html and "javascript:" not in rendered_html.replace("javascript:alert(2)", "")
    assert 'href="javascript' not in rendered_html and "<b>Corp" not in rendered_html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered_html
    assert "<em>expands</em>" not in rendered_html  # *expands* stays literal asterisks
    assert '<a href="https://pharmamakers-weekly.example/lonza-1">' in rendered_html


def test_text_keeps_crawled_text_verbatim_on_one_line(built):
    text = built[("all-signals", WEEK)].rendered.text
    assert f"1. {HOSTILE_TITLE}" in text.splitlines()  # first (and only) item of "Other news"
    assert "javascript:alert(3)" not in text  # an unsafe URL is never offered as a link
    assert "(no link)" in text


def test_markdown_helpers():
    assert md_escape("a_b *c* [d](e) <f> #g |h ~i & !j `k`") == \
        r"a\_b \*c\* \[d\]\(e\) \<f\> \#g \|h \~i \& \!j \`k\`"
    assert md_link("T_1", "https://x.example/a_(b)") == r"[T\_1](<https://x.example/a_(b)>)"
    assert md_link("T", "javascript:alert(1)") == "T"


def test_quiet_week_is_short_and_says_so(built):
    rendered = built[("all-signals", QUIET)].rendered
    assert rendered.chart_png is None and "cid:" not in rendered.html
    assert rendered.subject.endswith("quiet week")
    for body in (rendered.text, rendered.markdown):
        assert "Quiet week" in body and "no new stories matched" in body
        assert "newest was published 2025-08-16" in body
    assert len(rendered.text.splitlines()) < 20
    busy = built[("all-signals", WEEK)].rendered
    assert len(rendered.html) < len(busy.html) / 2


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_chart_is_a_deterministic_png(built):
    digest = built[("all-signals", WEEK)].digest
    chart = built[("all-signals", WEEK)].rendered.chart_png
    assert png_size(chart) == (1200, 480)  # shown at 600 x 240, sharp on high-density screens
    assert trend_png(digest.trend, "Stories per week, last 12 weeks · all-signals") == chart
    assert not re.search(rb"tEXtSoftware|tIMEa", chart)
    assert trend_png(digest.trend[:4], "other") != chart
