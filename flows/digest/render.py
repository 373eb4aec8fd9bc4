"""Render a `Digest` as HTML (e-mail), plain text and Markdown with Jinja2.

Everything in a digest that came from a crawl (titles, summaries, company and source names, URLs) is untrusted:
- HTML: autoescape is on; links are only ever http(s) URLs (`warehouse.text_safety.safe_url`).
- Markdown: every value printed by the template is backslash-escaped by the environment's `finalize`, so a
  crawled `<script>` or `[link](javascript:…)` stays text in any Markdown viewer (Prefect's UI included);
  only the `md_link` filter emits link syntax, from a safe URL.
- Plain text: nothing is interpreted; values are single lines already.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from jinja2 import Environment, PackageLoader, StrictUndefined

from flows.digest.content import Digest, Figure
from warehouse.money_format import format_usd
from warehouse.text_safety import escape_markdown, safe_url

CHART_CID = "trend-chart@cdmo-radar"
TREND_WORDS = {"up": "rising", "down": "falling", "flat": "steady"}
TREND_ARROWS = {"up": "▲", "down": "▼", "flat": "▶"}


class MarkdownText(str):
    """Markdown produced by a filter from escaped parts: `finalize` passes it through unchanged."""


def md_escape(value: object) -> str:
    if isinstance(value, MarkdownText):
        return value
    return escape_markdown(value)


def md_link(text: object, url: str | None) -> MarkdownText:
    """[text](<url>) for an http(s) URL; the escaped text alone otherwise."""
    safe = safe_url(url)
    label = md_escape(text)
    return MarkdownText(f"[{label}](<{safe}>)" if safe else label)


def figure_value(figure: Figure, value: float | None = None) -> str:
    value = figure.this_week if value is None else value
    if figure.unit == "usd":
        return format_usd(value) or "$0"
    return f"{value:,.1f}".removesuffix(".0") if value != int(value) else f"{int(value):,}"


def figure_change(figure: Figure) -> str:
    change = figure.change
    if change == 0:
        return "±0"
    sign = "+" if change > 0 else "−"
    magnitude = format_usd(abs(change)) if figure.unit == "usd" else f"{abs(change):,.0f}"
    return f"{sign}{magnitude}"


def week_range(digest: Digest) -> str:
    monday = digest.week.monday
    sunday = monday + timedelta(days=6)
    if monday.month == sunday.month:
        return f"{monday.day}–{sunday.day} {sunday:%B %Y}"
    if monday.year == sunday.year:
        return f"{monday.day} {monday:%B} – {sunday.day} {sunday:%B %Y}"
    return f"{monday.day} {monday:%B %Y} – {sunday.day} {sunday:%B %Y}"


def _environment(autoescape: bool, finalize=None) -> Environment:  # type: ignore[no-untyped-def]
    env = Environment(loader=PackageLoader("flows.digest", "templates"), autoescape=autoescape,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                      finalize=finalize)
    env.filters.update(usd=format_usd, figure_value=figure_value, figure_change=figure_change, md_link=md_link,
                       md=md_escape)
    env.globals.update(trend_words=TREND_WORDS, trend_arrows=TREND_ARROWS)
    return env


_HTML = _environment(autoescape=True)
_TEXT = _environment(autoescape=False)
_MARKDOWN = _environment(autoescape=False, finalize=md_escape)


@dataclass(frozen=True)
class RenderedDigest:
    subject: str
    html: str  # the e-mail's HTML: the chart as cid:CHART_CID
    text: str
    markdown: str
    chart_png: bytes | None  # None for a quiet week

    def html_with_chart_file(self, name: str) -> str:
        """The HTML for a file on disk: the chart referenced by a relative file name instead of a Content-ID."""
        return self.html.replace(f"cid:{CHART_CID}", name)


def render_digest(digest: Digest, chart_png: bytes | None) -> RenderedDigest:
    context = {"d": digest, "week_range": week_range(digest), "chart_src": f"cid:{CHART_CID}",
               "has_chart": chart_png is not None}
    return RenderedDigest(
        subject=digest.subject,
        html=_HTML.get_template("digest.html").render(context),
        text=_TEXT.get_template("digest.txt").render(context),
        markdown=_MARKDOWN.get_template("digest.md").render(context),
        chart_png=chart_png,
    )
