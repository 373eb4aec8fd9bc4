"""Source health (flows/source_health.py): each run against the same source's own history."""

from __future__ import annotations

from flows.source_health import SourceFigures, assess, figures_of

USUAL = SourceFigures(status="ok", articles=12, pages_fetched=14, dated_share=0.95, median_words=420)


def history(n=5, **change):
    return [SourceFigures(**{**USUAL.__dict__, **change}) for _ in range(n)]


def test_a_usual_run_is_healthy():
    health = assess(USUAL, history())
    assert health.state == "healthy" and "usually 12" in health.reason


def test_a_new_source_is_healthy_until_there_is_history_to_compare():
    health = assess(SourceFigures(status="ok", articles=0), history(2))
    assert health.state == "healthy" and "new source" in health.reason


def test_nothing_fetched_is_broken_even_without_history():
    assert assess(SourceFigures(status="failed", articles=0), []).state == "broken"


def test_a_feed_that_turned_into_an_html_page_is_broken():
    health = assess(SourceFigures(status="ok", articles=0, pages_fetched=2, parse_failures=1), history())
    assert health.state == "broken" and "no longer parses" in health.reason


def test_weeks_of_nothing_is_broken_but_one_quiet_run_is_not():
    quiet = SourceFigures(status="ok", articles=0, pages_fetched=3)
    assert assess(quiet, history()).state == "degraded"  # one quiet run: far fewer than usual
    two_quiet = [quiet, *history()]
    assert assess(quiet, two_quiet).state == "degraded"
    three = assess(quiet, [quiet, quiet, *history()])
    assert three.state == "broken" and "last 3 runs" in three.reason


def test_degraded_reasons_name_what_changed():
    fewer = assess(SourceFigures(status="ok", articles=2, pages_fetched=3, dated_share=0.9, median_words=400), history())
    assert fewer.state == "degraded" and "2 articles against a usual 12" in fewer.reason
    undated = assess(SourceFigures(status="ok", articles=12, pages_fetched=14, dated_share=0.2, median_words=410),
                     history())
    assert undated.state == "degraded" and "20% of articles dated" in undated.reason
    short = assess(SourceFigures(status="ok", articles=12, pages_fetched=14, dated_share=0.9, median_words=90),
                   history())
    assert short.state == "degraded" and "median body 90 words" in short.reason
    failing = assess(SourceFigures(status="ok", articles=12, pages_fetched=14, http_errors=6, dated_share=0.9,
                                   median_words=400), history())
    assert failing.state == "degraded" and "6 of 20 requests failed" in failing.reason


def test_a_small_source_is_not_degraded_by_small_numbers():
    small = history(articles=2)
    assert assess(SourceFigures(status="ok", articles=0, pages_fetched=1), small).state == "healthy"


def test_failed_runs_in_history_are_not_the_usual():
    health = assess(USUAL, [SourceFigures(status="failed", articles=0)] * 3 + history(3))
    assert health.state == "healthy"


def test_figures_of_a_run():
    articles = [{"published": "2025-01-01", "text": "one two three"}, {"published": None, "text": "a b c d e"},
                {"published": "2025-01-02", "text": "x"}]
    figures = figures_of("ok", 5, 9, {"http_404": 2, "http_503": 1, "bad_feed": 1, "TimeoutError": 4}, articles)
    assert figures.articles == 5 and figures.http_errors == 3 and figures.parse_failures == 1
    assert abs(figures.dated_share - 2 / 3) < 1e-9 and figures.median_words == 3
    assert figures_of("ok", 0, 0, {}, []).dated_share is None
