"""The dashboard's pure parts: URL filters, escaping of crawled text, drill-down encoding, momentum, regions."""

from __future__ import annotations

import re
from datetime import date

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from dashboard.drilldown import Drill, decode, encode, selected_values
from dashboard.filters import (
    Facets,
    Filters,
    default_filters,
    filters_from_query,
    filters_to_query,
    utc_bounds,
)
from dashboard.momentum import momentum
from dashboard.regions import countries_for, country_name, region_of
from dashboard.safe_text import escape_markdown, highlight, safe_url, snippet
from dashboard.tables import safe_file_name

FACETS = Facets(first_day=date(2024, 5, 1), last_day=date(2026, 11, 20), sources=("biopress-wire", "pharmamakers"),
                pillars=("digital", "infrastructure", "leadership", "other"),
                event_types=("facility_investment", "executive_appointment"), modalities=("cell_therapy", "mrna_lnp"),
                companies=("Lonza", "Catalent, Inc."), countries=("CH", "IE", "SG", "US"))


def test_default_filters_are_the_last_twelve_months():
    assert default_filters(FACETS) == Filters(start=date(2025, 11, 21), end=date(2026, 11, 20))


def test_filters_round_trip_through_the_url():
    filters = Filters(start=date(2025, 1, 1), end=date(2025, 6, 30), pillars=("infrastructure",),
                      companies=("Catalent, Inc.", "Lonza"), places=("Europe", "US"), sources=("pharmamakers",))
    query = filters_to_query(filters, FACETS)
    assert query == {"from": ["2025-01-01"], "to": ["2025-06-30"], "pillar": ["infrastructure"],
                     "company": ["Catalent, Inc.", "Lonza"], "place": ["Europe", "US"], "source": ["pharmamakers"]}
    assert filters_from_query(query, FACETS) == filters


def test_defaults_stay_out_of_the_url():
    assert filters_to_query(default_filters(FACETS), FACETS) == {}


def test_a_hand_edited_url_still_opens():
    filters = filters_from_query({"from": ["2019-13-45"], "to": ["2030-01-01"], "pillar": ["nonsense", "digital"],
                                  "company": ["Nobody"], "place": ["Atlantis", "Asia-Pacific"]}, FACETS)
    assert filters.start == default_filters(FACETS).start  # unparsable: the default
    assert filters.end == FACETS.last_day  # beyond the data: clamped
    assert filters.pillars == ("digital",) and filters.companies == () and filters.places == ("Asia-Pacific",)


def test_period_bounds_are_utc_days_with_the_end_excluded():
    start, end = utc_bounds(Filters(start=date(2025, 3, 1), end=date(2025, 3, 31)))
    assert (start.isoformat(), end.isoformat()) == ("2025-03-01T00:00:00+00:00", "2025-04-01T00:00:00+00:00")
    assert Filters(start=date(2025, 3, 1), end=date(2025, 3, 31)).previous() == Filters(
        start=date(2025, 1, 29), end=date(2025, 2, 28))


def test_regions_expand_to_the_countries_held():
    assert countries_for(("Europe",), ["CH", "IE", "SG", "US"]) == ("CH", "IE")
    assert countries_for(("Asia-Pacific", "US"), ["CH", "IE", "SG", "US"]) == ("SG", "US")
    assert region_of("Ireland") == "Europe" and region_of("ZZ") == "Other" and region_of(None) == "Other"
    assert country_name("KR") == "South Korea" and country_name("Narnia") == "Narnia"


MARKDOWN_SPECIAL = set("\\`*_{}[]<>()#+-.!|~$:&=\"'")


def _unescape(markdown: str) -> str:
    return re.sub(r"\\(.)", r"\1", markdown)


@given(st.text())
def test_escaped_text_reads_back_as_itself_and_leaves_no_syntax(text):
    escaped = escape_markdown(text)
    assert _unescape(escaped) == " ".join(text.split())
    unescaped_specials = re.sub(r"\\.", "", escaped)
    assert not MARKDOWN_SPECIAL & set(unescaped_specials)


def test_a_hostile_headline_is_escaped():
    escaped = escape_markdown("<script>alert(1)</script> **$5M** [x](javascript:y) :red[z]")
    assert "<" not in escaped.replace("\\<", "")
    assert escaped.startswith("\\<script\\>")
    assert "\\$5M" in escaped and "\\:red\\[z\\]" in escaped


def test_highlight_marks_whole_words_only():
    marked = highlight("Bioreactors and a bioreactor; not biore.", ["bioreactor"])
    assert marked == "Bioreactors and a :orange-background[**bioreactor**]; not biore\\."
    assert highlight("A <b>bioreactor</b>", ["bioreactor"]) == \
        "A \\<b\\>:orange-background[**bioreactor**]\\</b\\>"


def test_snippet_starts_near_the_first_match():
    text = " ".join(f"w{i}" for i in range(100)) + " target " + " ".join(f"v{i}" for i in range(100))
    piece = snippet(text, ["target"], size=30)
    assert piece.startswith("… ") and piece.endswith(" …") and "target" in piece
    assert snippet("short text", ["absent"]) == "short text"


def test_only_web_links_are_links():
    assert safe_url("https://news.example/a?b=1") == "https://news.example/a?b=1"
    assert safe_url("javascript:alert(1)") is None and safe_url("data:text/html,x") is None
    assert safe_url("/relative") is None and safe_url(None) is None
    assert safe_file_name("events-Catalent, Inc./2025") == "events-Catalent-Inc.-2025"


@given(st.text(min_size=1), st.lists(st.tuples(st.text(), st.text()), max_size=4))
def test_drills_round_trip_through_the_url(chart, values):
    drill = Drill(chart, tuple(values))
    assert decode(encode(drill)) == drill


def test_a_broken_drill_is_ignored():
    assert decode("") is None and decode(None) is None and decode("chart|no-equals-sign") is None


def test_chart_selection_to_drill_values():
    selection = {"pick": [{"period_key": "2025-03-03", "pillar": "infrastructure", "stories": 2}]}
    assert selected_values(selection, ["period_key", "pillar"]) == (("period_key", "2025-03-03"),
                                                                    ("pillar", "infrastructure"))
    assert selected_values({"pick": []}, ["pillar"]) is None
    assert selected_values({"pick": [{"other": 1}]}, ["pillar"]) is None


def test_momentum_ranks_rises_against_their_own_baseline():
    counts = pd.DataFrame([
        ("company", "Steady", 10, 120),   # 10 recent against 10 expected: no rise
        ("company", "Riser", 12, 24),     # 12 against 2
        ("company", "Newcomer", 3, 0),    # 3 against 0
        ("company", "Single", 1, 0),      # one story is not a trend
        ("modality", "mrna_lnp", 5, 12),
    ], columns=["dimension", "key", "recent", "baseline"])
    risers = momentum(counts, recent_days=30, baseline_days=360)
    assert risers[risers["dimension"] == "company"]["key"].tolist() == ["Riser", "Newcomer"]
    riser = risers.set_index("key").loc["Riser"]
    assert riser["expected"] == 2 and round(riser["lift"], 2) == round(13 / 3, 2)
    assert momentum(counts.iloc[0:0], 30, 360).empty


def test_weeks_are_labelled_by_iso_year_and_week():
    import pandas as pd

    from dashboard.periods import iso_week_label

    assert iso_week_label(pd.Timestamp("2025-12-29")) == "2026-W01"  # Monday of ISO week 1 of 2026
    assert iso_week_label(pd.Timestamp("2021-01-03")) == "2020-W53"  # a Sunday still in 2020's last ISO week
    assert iso_week_label(pd.Timestamp("2026-01-05")) == "2026-W02"


def test_empty_text_cells_are_blank_not_none():
    import pandas as pd

    from dashboard.tables import blank_missing_text

    shown = blank_missing_text(pd.DataFrame({"company": ["Lonza", None], "amount_usd": [1.0, None]}))
    assert list(shown["company"]) == ["Lonza", ""]
    assert pd.isna(shown["amount_usd"][1])  # numbers keep their own blank
