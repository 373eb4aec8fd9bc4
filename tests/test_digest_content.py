"""The digest's content: weeks, regions, teams, filtering, ranking and the week's figures.

Most tests run the real digest queries on a small real warehouse (`digest_warehouse`), built through
`warehouse.load` from records written for these tests; the rest feed hand-made frames to the pure functions.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from flows.digest.compose import compose_digest, read_week, select_stories
from flows.digest.figures import week_figures
from flows.digest.ranking import amount_points, rank, score_stories
from flows.digest.selection import matches_filters
from flows.digest.summaries import summary_line
from flows.digest.teams import TeamConfigError, TeamFilters, load_teams, parse_teams, select_team
from flows.digest.weeks import IsoWeek, WeekError, previous_week, weeks_in_year
from tests.conftest import ROOT
from warehouse.connection import connect_writer
from warehouse.load import load_companies, load_enriched
from warehouse.money_format import format_usd
from warehouse.read import read_frame
from warehouse.regions import region_of, regions_of
from warehouse.text_safety import safe_url

WEEK = IsoWeek(2025, 33)  # Monday 11 – Sunday 17 August 2025
GENERATED_AT = datetime(2025, 8, 18, 7, 0, tzinfo=timezone.utc)
HOSTILE_TITLE = "Evil <script>alert(1)</script> & Co [click](javascript:alert(2)) *expands*"

KNOWLEDGE_BASE = [
    {"name": "Lonza", "aliases": ["Lonza Group"], "hq_country": "CH", "is_cdmo": True},
    {"name": "Samsung Biologics", "aliases": [], "hq_country": "KR", "is_cdmo": True},
    {"name": "WuXi Biologics", "aliases": [], "hq_country": "CN", "is_cdmo": True},
    {"name": "Made Scientific", "aliases": [], "hq_country": "US", "is_cdmo": True},
    {"name": "Catalent", "aliases": [], "hq_country": "US", "is_cdmo": True},
    {"name": "Recipharm", "aliases": [], "hq_country": "SE", "is_cdmo": True},
    {"name": "Pfizer", "aliases": [], "hq_country": "US", "is_cdmo": False},
]


# The places the enricher would resolve for the fixture's locations (article_places): the digest reads countries
# from there, never from the written text.
PLACE_COUNTRY = {"Visp, Switzerland": "CH", "Leiden, Netherlands": "NL", "Austin, Texas": "US",
                 "Incheon, South Korea": "KR", "Princeton, New Jersey": "US", "Bloomington, Indiana": "US",
                 "Stockholm, Sweden": "SE", "Portsmouth, New Hampshire": "US"}


def record(id, title, published, pillar, event_type, company, *, amount=None, companies=None, locations=(),
           modalities=(), source="pharmamakers-weekly", roles=None, text=None, url=None):
    """An enriched record as `radar enrich` writes it (DESIGN.md enrichment contract)."""
    return {
        "id": id, "url": url or f"https://{source}.example/{id}", "canonical_url": url or f"https://{source}.example/{id}",
        "source": source, "title": title, "published": published, "author": None,
        "text": text or f"{title}. The announcement was made this week and more details will follow later.",
        "lang": "en", "fetched_at": published, "discovered_via": "feed", "pillar": pillar, "pillars": [pillar],
        "pillar_scores": {pillar: 0.9}, "event_type": event_type, "companies": companies or [company],
        "subject_company": company, "people": [r["person"] for r in roles or []], "roles": roles or [],
        "locations": list(locations), "modalities": list(modalities),
        "places": [{"text": loc, "city": loc.split(",")[0], "region": None, "country": PLACE_COUNTRY[loc],
                    "lat": None, "lon": None} for loc in locations],
        "amount": {"value": amount, "currency": "USD", "usd": amount} if amount else None,
        "entities": [], "evidence": [], "model_version": "test", "enriched_at": published,
    }


def digest_records() -> list[dict]:
    """Twelve weeks of news ending with 2025-W33, with one story of each kind the digest must handle."""
    return [
        # 2025-W33: a big CDMO investment carried by two outlets (one story), a newcomer in Europe, a small one,
        # a leadership move, a digital launch, and a hostile item.
        record("lonza-1", "Lonza to invest $500 million in Visp biologics expansion", "2025-08-12T08:00:00+00:00",
               "infrastructure", "facility_investment", "Lonza", amount=500e6, locations=["Visp, Switzerland"],
               modalities=["biologics_mammalian"],
               text="BASEL, Switzerland, Aug. 12, 2025 /PRNewswire/ -- Lonza will invest $500 million to add "
                    "large-scale mammalian capacity at its Visp site. Construction starts next year."),
        record("lonza-2", "Lonza to Invest $500 Million in Visp Biologics Expansion", "2025-08-13T09:00:00+00:00",
               "infrastructure", "facility_investment", "Lonza", amount=500e6, locations=["Visp, Switzerland"],
               modalities=["biologics_mammalian"], source="biopress-wire"),
        record("nordvik", "Nordvik Cell Works opens cell therapy plant in Leiden", "2025-08-14T10:00:00+00:00",
               "infrastructure", "facility_opening", "Nordvik Cell Works", amount=40e6,
               locations=["Leiden, Netherlands"], modalities=["cell_therapy"],
               text="Nordvik Cell Works has opened a 6,000 square metre autologous cell therapy plant in Leiden. "
                    "The site employs 120 people."),
        record("smallco-2", "Kestrel Labs adds a development lab", "2025-08-15T10:00:00+00:00", "infrastructure",
               "capacity_expansion", "Kestrel Labs", amount=2e6, locations=["Austin, Texas"]),
        record("samsung-cfo", "Samsung Biologics names new chief financial officer", "2025-08-11T06:00:00+00:00",
               "leadership", "executive_appointment", "Samsung Biologics", locations=["Incheon, South Korea"],
               roles=[{"person": "Min-jun Park", "role": "CFO", "company": "Samsung Biologics"}]),
        record("made-ceo", "Made Scientific appoints Dana Whitfield as chief executive", "2025-08-13T12:00:00+00:00",
               "leadership", "executive_appointment", "Made Scientific", locations=["Princeton, New Jersey"],
               modalities=["cell_therapy"],
               roles=[{"person": "Dana Whitfield", "role": "CEO", "company": "Made Scientific"}]),
        record("wuxi-ai", "WuXi Biologics launches AI process-modelling platform", "2025-08-14T07:00:00+00:00",
               "digital", "digital_launch", "WuXi Biologics", modalities=["biologics_mammalian"]),
        record("hostile", HOSTILE_TITLE, "2025-08-16T07:00:00+00:00", "other", "m_and_a", "Evil <b>Corp</b>",
               source="x-wire<i>", url="javascript:alert(3)",
               text="Evil <script>alert(4)</script> Corp said it would buy a rival for an undisclosed sum today."),
        # Earlier weeks: the figures' and the chart's history.
        record("smallco-1", "Kestrel Labs signs supply deal with Pfizer", "2025-08-06T10:00:00+00:00", "other",
               "contract_or_partnership", "Kestrel Labs", companies=["Kestrel Labs", "Pfizer"]),
        record("catalent", "Catalent to spend $100 million on Bloomington fill-finish", "2025-08-05T10:00:00+00:00",
               "infrastructure", "facility_investment", "Catalent", amount=100e6, locations=["Bloomington, Indiana"],
               modalities=["sterile_fill_finish"]),
        record("recipharm", "Recipharm chief executive steps down", "2025-07-22T10:00:00+00:00", "leadership",
               "executive_departure", "Recipharm", locations=["Stockholm, Sweden"],
               roles=[{"person": "Sam Berg", "role": "CEO", "company": "Recipharm"}]),
        record("lonza-old", "Lonza opens Portsmouth cell therapy suite", "2025-07-16T10:00:00+00:00",
               "infrastructure", "facility_opening", "Lonza", amount=30e6, locations=["Portsmouth, New Hampshire"],
               modalities=["cell_therapy"]),
        record("wuxi-old", "WuXi Biologics signs digital twin partnership", "2025-05-13T10:00:00+00:00", "digital",
               "digital_partnership", "WuXi Biologics"),
    ]


def build_digest_warehouse(path, records=None):
    con = connect_writer(path)
    try:
        load_companies(con, KNOWLEDGE_BASE)
        load_enriched(con, records if records is not None else digest_records())
    finally:
        con.close()
    return path


@pytest.fixture(scope="module")
def digest_warehouse(tmp_path_factory):
    return build_digest_warehouse(tmp_path_factory.mktemp("digest") / "radar.duckdb")


TEAMS_YAML = """
teams:
  - name: all-signals
    recipients: [bd@example.com]
  - name: cgt-europe
    recipients: [cgt@example.com, lead@example.com]
    filters: {pillars: [infrastructure, digital, leadership], modalities: [cell_therapy], regions: [europe]}
"""


def team(name):
    return select_team(parse_teams(TEAMS_YAML), name, "test")[0]


# --- weeks ---------------------------------------------------------------------------------------------------

@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 31)))
def test_week_of_any_day_round_trips_and_contains_it(day):
    week = IsoWeek.containing(day)
    assert IsoWeek.parse(str(week)) == week
    assert week.start.date() <= day < week.end.date()
    assert week.start.weekday() == 0 and week.end - week.start == timedelta(days=7)
    assert week.shift(1).start == week.end and week.shift(-1).end == week.start


@given(st.text(max_size=12))
def test_week_parser_accepts_only_real_iso_weeks(text):
    try:
        week = IsoWeek.parse(text)
    except WeekError as exc:
        assert str(exc)
    else:
        assert 1 <= week.week <= weeks_in_year(week.year)
        assert IsoWeek.parse(str(week)) == week and str(week)[:4] in text


@pytest.mark.parametrize("text", ["2025-W53", "2025-W00", "2025-33", "W33", "last week", "2025-W1x"])
def test_bad_weeks_are_refused(text):
    with pytest.raises(WeekError):
        IsoWeek.parse(text)


def test_week_edges():
    assert str(IsoWeek.parse("2020w53")) == "2020-W53"  # 2020 had 53 ISO weeks
    assert IsoWeek(2025, 1).monday == date(2024, 12, 30)  # ISO week 1 can start in December
    assert previous_week(date(2025, 8, 18)) == WEEK  # a Monday reports the week that just ended
    assert previous_week(date(2025, 8, 24)) == WEEK  # ... and so does the Sunday after it


# --- regions and teams ---------------------------------------------------------------------------------------

@given(st.text(max_size=400), st.text(max_size=120), st.integers(min_value=10, max_value=300))
def test_summary_is_one_bounded_line_for_any_text(lead, title, limit):
    summary = summary_line(lead, title, limit=limit)
    assert len(summary) <= limit and "\n" not in summary and "\r" not in summary


def test_regions():
    assert region_of("ch") == "Europe" and region_of("US") == "North America" and region_of("SG") == "Asia-Pacific"
    assert region_of("XX") is None and region_of(None) is None
    assert regions_of(["US", None, "CH"]) == {"North America", "Europe"}


def test_repo_teams_file_is_valid():
    teams = load_teams(ROOT / "teams.yaml")
    names = [t.name for t in teams]
    assert "cgt-europe" in names and "all-signals" in names
    cgt = next(t for t in teams if t.name == "cgt-europe")
    assert cgt.filters.regions == ("Europe",) and "cell_therapy" in cgt.filters.modalities


@pytest.mark.parametrize(("text", "needles"), [
    ("teams:\n  - name: a\n    recipients: [x@example.com]\n    filters: {modalities: [cgt]}\n",
     ["team 'a'", "filters.modalities", "'cgt'"]),
    ("teams:\n  - name: a\n    recipients: [x@example.com]\n    filters: {regions: [Mars]}\n",
     ["team 'a'", "filters.regions", "'Mars'"]),
    ("teams:\n  - name: a\n    recipients: [not-an-address]\n", ["team 'a'", "recipients", "not-an-address"]),
    ("teams:\n  - name: a\n    recipients: []\n", ["team 'a'", "recipients"]),
    ("teams:\n  - name: a\n    recipients: [x@example.com]\n  - name: a\n    recipients: [y@example.com]\n",
     ["team 'a'", "duplicate"]),
    ("teams:\n  - name: A team\n    recipients: [x@example.com]\n", ["team 'A team'", "name"]),
    ("teams:\n  - name: a\n    recipients: [x@example.com]\n    colour: red\n", ["team 'a'", "colour"]),
    ("teams: [\n", ["line"]),
    ("nothing: here\n", ["'teams'"]),
])
def test_bad_teams_file_names_place(text, needles):
    with pytest.raises(TeamConfigError) as info:
        parse_teams(text, "teams.yaml")
    message = str(info.value)
    assert message.startswith("teams.yaml:") and "\n" not in message
    for needle in needles:
        assert needle in message


def test_unknown_team_lists_known_ones():
    with pytest.raises(TeamConfigError, match="no team 'nope'.*all-signals, cgt-europe"):
        select_team(parse_teams(TEAMS_YAML), "nope", "teams.yaml")


# --- summaries -----------------------------------------------------------------------------------------------

def test_summary_line_skips_dateline_and_headline():
    lead = "BASEL, Switzerland, Aug. 12, 2025 /PRNewswire/ -- Lonza will invest $500 million in Visp. More later."
    assert summary_line(lead, "Lonza invests") == "Lonza will invest $500 million in Visp."
    assert summary_line("Short.", "The headline itself") == "The headline itself"
    long = "word " * 100
    assert len(summary_line(long, "t", limit=50)) <= 50 and summary_line(long, "t", limit=50).endswith("…")


def test_safe_url_and_amounts():
    assert safe_url("javascript:alert(1)") is None and safe_url("data:text/html,x") is None
    assert safe_url('https://x.example/a"onclick=1') is None and safe_url("/relative") is None
    assert safe_url(" https://x.example/a?b=1 ") == "https://x.example/a?b=1"
    assert [format_usd(v) for v in (500e6, 1.5e9, 12e6, 40e3, None, float("nan"), 0)] == \
        ["$500M", "$1.5B", "$12M", "$40K", "", "", ""]


# --- ranking on hand-made frames -----------------------------------------------------------------------------

def frame(**columns):
    base = {"story_id": "s", "first_dated_at": pd.Timestamp("2025-08-12", tz="UTC"), "pillar": "infrastructure",
            "amount_usd": None, "subject_is_cdmo": False, "subject_known": False, "new_companies": [],
            "outlets": 1, "articles": 1}
    rows = max(len(v) for v in columns.values())
    data = {k: columns.get(k, [v] * rows) for k, v in base.items()}
    return pd.DataFrame(data)


def test_each_signal_raises_the_score():
    plain = score_stories(frame(story_id=["p"]))["score"].iloc[0]
    assert plain == 0
    for column, value in [("amount_usd", 50e6), ("subject_is_cdmo", True), ("subject_known", True),
                          ("new_companies", ["Newco"]), ("outlets", 2), ("articles", 3)]:
        scored = score_stories(frame(story_id=["x"], **{column: [value]}))
        assert scored["score"].iloc[0] > plain, column
    assert amount_points(1e9) > amount_points(1e8) > amount_points(1e6) > amount_points(None) == 0


def test_rank_order_and_ties_are_deterministic():
    stories = frame(story_id=["b", "a", "c", "d"], amount_usd=[10e6, 10e6, 900e6, None],
                    outlets=[1, 1, 1, 3])
    ranked = rank(score_stories(stories))
    assert ranked["story_id"].tolist() == ["c", "d", "a", "b"]
    assert ranked.iloc[0]["reasons"] == ("$900M",) and ranked.iloc[1]["reasons"] == ("3 outlets",)


def test_figures_week_over_week_and_trend():
    weeks = [WEEK.shift(-i).monday for i in range(8)]  # this week first
    rows = [{"week": weeks[0], "pillar": "leadership", "facility_usd": 0.0, "facility_events": 0,
             "leadership_moves": 2, "digital_initiatives": 0}] * 3
    rows += [{"week": weeks[1], "pillar": "infrastructure", "facility_usd": 80e6, "facility_events": 1,
              "leadership_moves": 0, "digital_initiatives": 0}]
    rows += [{"week": weeks[6], "pillar": "infrastructure", "facility_usd": 400e6, "facility_events": 1,
              "leadership_moves": 0, "digital_initiatives": 0}]
    figures = {f.key: f for f in week_figures(pd.DataFrame(rows), WEEK)}
    assert (figures["stories"].this_week, figures["stories"].last_week) == (3, 1)
    assert figures["leadership_moves"].this_week == 6 and figures["leadership_moves"].trend == "up"
    assert figures["facility_usd"].this_week == 0 and figures["facility_usd"].last_week == 80e6
    assert figures["facility_usd"].four_week_avg == 20e6 and figures["facility_usd"].prior_four_week_avg == 100e6
    assert figures["facility_usd"].trend == "down" and figures["digital_initiatives"].trend == "flat"
    only_leadership = week_figures(pd.DataFrame(rows), WEEK, ("leadership",))
    assert [f.key for f in only_leadership] == ["stories", "leadership_moves"]


# --- on a real warehouse -------------------------------------------------------------------------------------

def test_stories_group_copies_and_carry_what_ranking_needs(digest_warehouse):
    data = read_week(digest_warehouse, WEEK)
    stories = data.stories.set_index("story_id")
    lonza = stories.loc["lonza-1"]
    assert lonza["articles"] == 2 and lonza["outlets"] == 2
    assert list(stories.loc["nordvik"]["countries"]) == ["NL"]  # from article_places
    assert lonza["subject_is_cdmo"] and lonza["subject_country"] == "CH" and lonza["facility_usd"] == 500e6
    assert list(stories.loc["nordvik"]["new_companies"]) == ["Nordvik Cell Works"]
    assert list(stories.loc["smallco-2"]["new_companies"]) == []  # Kestrel Labs was first seen the week before
    assert stories.loc["made-ceo"]["leadership_moves"] == 1 and stories.loc["wuxi-ai"]["digital_initiatives"] == 1
    assert "wuxi-old" not in stories.index  # outside the 12-week span
    # First seen this week: the newcomer, the hostile item's company, and two that had no news before.
    assert set(data.new_companies["name"]) == {"Nordvik Cell Works", "Evil <b>Corp</b>", "Samsung Biologics",
                                               "Made Scientific"}


def test_signal_counts_agree_with_the_analyst_views(digest_warehouse):
    first = WEEK.shift(-11)
    stories = read_week(digest_warehouse, WEEK).stories.set_index("story_id")
    window = {"start": first.start, "end": WEEK.end}

    def per_story(sql):
        frame = read_frame(digest_warehouse, sql + " WHERE published_at >= $start AND published_at < $end "
                                                  "GROUP BY story_id", window)
        return {row[0]: tuple(row[1:]) for row in frame.itertuples(index=False)}

    facility = per_story("SELECT story_id, sum(amount_usd), count(*) FROM facility_investments")
    leadership = per_story("SELECT story_id, count(*) FROM leadership_changes")
    digital = per_story("SELECT story_id, count(*) FROM digital_initiatives")
    assert facility and leadership and digital
    assert {sid: (row.facility_usd, row.facility_events) for sid, row in stories.iterrows()
            if row.facility_events} == facility
    assert {sid: (row.leadership_moves,) for sid, row in stories.iterrows() if row.leadership_moves} == leadership
    assert {sid: (row.digital_initiatives,) for sid, row in stories.iterrows() if row.digital_initiatives} == digital


def test_top_stories_ranked_by_significance(digest_warehouse):
    digest = compose_digest(digest_warehouse, team("all-signals"), WEEK, GENERATED_AT)
    sections = {s.pillar: [i.story_id for i in s.items] for s in digest.sections}
    assert sections["infrastructure"] == ["lonza-1", "nordvik", "smallco-2"]
    # Both CDMOs, both new to the warehouse: the tie goes to the more recent story.
    assert sections["leadership"] == ["made-ceo", "samsung-cfo"]
    lonza = digest.sections[0].items[0]
    assert lonza.reasons == ("$500M", "CDMO", "2 outlets") and lonza.outlets == 2
    assert [link.source for link in lonza.links] == ["pharmamakers-weekly", "biopress-wire"]
    assert lonza.summary == "Lonza will invest $500 million to add large-scale mammalian capacity at its Visp site."
    assert digest.stories == 7 and not digest.quiet
    # Knowledge-base CDMOs first, then the names only the entity recogniser vouches for.
    assert [c.name for c in digest.new_companies] == ["Made Scientific", "Samsung Biologics", "Evil <b>Corp</b>",
                                                      "Nordvik Cell Works"]
    figures = {f.key: f for f in digest.figures}
    assert figures["facility_usd"].this_week == 542e6 and figures["facility_usd"].last_week == 100e6
    assert figures["leadership_moves"].this_week == 2 and figures["digital_initiatives"].this_week == 1
    assert len(digest.trend) == 12 * 4 and digest.trend[-1].week == WEEK.monday


def test_team_filters_cut_the_digest(digest_warehouse):
    digest = compose_digest(digest_warehouse, team("cgt-europe"), WEEK, GENERATED_AT)
    assert [i.story_id for s in digest.sections for i in s.items] == ["nordvik"]  # Made Scientific is in the US
    assert [c.name for c in digest.new_companies] == ["Nordvik Cell Works"]
    assert [f.key for f in digest.figures] == ["stories", "facility_usd", "facility_projects", "leadership_moves",
                                               "digital_initiatives"]
    assert {s.pillar for s in digest.sections} == {"infrastructure"}


def test_filter_semantics(digest_warehouse):
    stories = read_week(digest_warehouse, WEEK, ("LONZA",)).stories.set_index("story_id")

    def chosen(**filters):
        return sorted(stories.index[matches_filters(stories, TeamFilters(**filters))])

    assert chosen(regions=["Asia-Pacific"]) == ["samsung-cfo", "wuxi-ai"]  # HQ in KR and CN
    # Lonza's New Hampshire suite counts for Europe too: the company's HQ is in Switzerland.
    assert chosen(regions=["Europe", "Asia-Pacific"]) == ["lonza-1", "lonza-old", "nordvik", "recipharm",
                                                          "samsung-cfo", "wuxi-ai"]
    assert chosen(modalities=["cell_therapy"], regions=["North America"]) == ["lonza-old", "made-ceo"]
    assert chosen(companies=["lonza"]) == ["lonza-1", "lonza-old"]  # case does not matter
    assert chosen(pillars=["digital"]) == ["wuxi-ai"]


def test_quiet_week(digest_warehouse):
    digest = compose_digest(digest_warehouse, team("all-signals"), IsoWeek(2025, 40), GENERATED_AT)
    assert digest.quiet and digest.sections == () and digest.new_companies == ()
    assert digest.subject == "CDMO radar · all-signals · 2025-W40: quiet week"
    assert digest.warehouse_articles == 13 and digest.warehouse_newest.date() == date(2025, 8, 16)


def test_empty_warehouse_gives_a_quiet_digest(tmp_path):
    db = build_digest_warehouse(tmp_path / "empty.duckdb", records=[])
    digest = compose_digest(db, team("all-signals"), WEEK, GENERATED_AT)
    assert digest.quiet and digest.warehouse_articles == 0 and digest.warehouse_newest is None
    assert all(f.this_week == 0 for f in digest.figures) and all(c.stories == 0 for c in digest.trend)


def test_selection_is_pure(digest_warehouse):
    data = read_week(digest_warehouse, WEEK)
    before = data.stories.copy()
    first = select_stories(team("all-signals"), data)
    second = select_stories(team("all-signals"), data)
    assert first.story_ids == second.story_ids
    pd.testing.assert_frame_equal(data.stories, before)
