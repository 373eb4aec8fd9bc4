"""Undated articles (published_at null, date_source first-seen) count on the day they were first seen, flagged.

One small warehouse, loaded through the real path, holds dated and undated articles: the undated facility
investment was first seen in ISO week 2025-W11 (Wednesday 12 March), the dated one was published in W10.
Every place a date puts an article in time (views, the dashboard's periods, trend and lists, the digest's
week) must find the undated one on its first-seen date and say so.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.data_access import EventFacets, filtered_query
from dashboard.dates import date_label, with_date_labels
from dashboard.filters import Filters
from flows.digest.compose import compose_digest, read_week
from flows.digest.render import render_digest
from flows.digest.teams import parse_teams, select_team
from flows.digest.weeks import IsoWeek
from tests.dashboard_fixture import COMPANIES, _facility, _record
from warehouse.connection import connect_reader
from warehouse.load import load_companies, load_enriched
from warehouse.publish import writer_session
from warehouse.read import read_frame
from warehouse.search_index import refresh_search_index

APP = Path(__file__).resolve().parent.parent / "dashboard" / "streamlit_app.py"
FIRST_SEEN = "2025-03-12T08:00:00+00:00"  # a Wednesday of 2025-W11
W10, W11 = IsoWeek(2025, 10), IsoWeek(2025, 11)


def undated(record: dict, first_seen: str = FIRST_SEEN) -> dict:
    return record | {"published": None, "fetched_at": first_seen, "date_source": "first-seen"}


def records() -> list[dict]:
    return [
        _facility("d-visp", "Lonza expands Visp biologics site", "2025-03-04T09:00:00+00:00", "Lonza",
                  "Visp, Switzerland", "CH", 46.29, 7.88, 500e6, "biologics_mammalian"),
        undated(_facility("u-cork", "Alderbrook Biologics adds fill-finish line in Cork", "2025-01-01T00:00:00+00:00",
                          "Alderbrook Biologics", "Cork, Ireland", "IE", None, None, 150e6, "sterile_fill_finish")),
        _record("d-ceo", "Catalent names a chief executive", "Catalent appointed Jo Lind as CEO.",
                "2025-03-05T07:00:00+00:00", "leadership", "executive_appointment", "Catalent",
                people=["Jo Lind"], roles=[{"person": "Jo Lind", "role": "CEO", "company": "Catalent"}]),
        undated(_record("u-cfo", "Newco Bio appoints a finance chief", "Newco Bio appointed Ana Ruiz as CFO.",
                        "2025-01-01T00:00:00+00:00", "leadership", "executive_appointment", "Newco Bio",
                        people=["Ana Ruiz"], roles=[{"person": "Ana Ruiz", "role": "CFO", "company": "Newco Bio"}])),
    ]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("first-seen") / "radar.duckdb"
    with writer_session(path) as con:
        load_companies(con, COMPANIES)
        load_enriched(con, records())
        refresh_search_index(con)
    return path


def filtered(db: Path, filters: Filters, *names: str, **params: object):
    sql, bound = filtered_query(filters, (), *names)
    return read_frame(db, sql, bound | params)


MARCH = Filters(start=date(2025, 3, 1), end=date(2025, 3, 31))


def test_undated_articles_keep_a_null_published_at(db):
    con = connect_reader(db)
    rows = dict(con.execute("SELECT id, published_at FROM articles").fetchall())
    assert rows["u-cork"] is None and rows["d-visp"] is not None


def test_views_place_undated_articles_on_their_first_seen_date(db):
    con = connect_reader(db)
    weekly = con.execute("SELECT week::VARCHAR, pillar, articles, first_seen_articles FROM pillar_weekly "
                         "ORDER BY 1, 2").fetchall()
    assert weekly == [("2025-03-03", "infrastructure", 1, 0), ("2025-03-03", "leadership", 1, 0),
                      ("2025-03-10", "infrastructure", 1, 1), ("2025-03-10", "leadership", 1, 1)]
    facilities = con.execute("SELECT article_id, published_at, dated_at::DATE::VARCHAR, date_is_first_seen "
                             "FROM facility_investments ORDER BY dated_at").fetchall()
    assert facilities == [("d-visp", datetime(2025, 3, 4, 9, tzinfo=timezone.utc), "2025-03-04", False),
                          ("u-cork", None, "2025-03-12", True)]
    moves = con.execute("SELECT article_id, date_is_first_seen FROM leadership_changes ORDER BY dated_at").fetchall()
    assert moves == [("d-ceo", False), ("u-cfo", True)]
    month = con.execute("SELECT month::VARCHAR, articles, first_seen_articles FROM company_activity "
                        "WHERE company = 'Alderbrook Biologics'").fetchall()
    assert month == [("2025-03-01", 1, 1)]
    story = con.execute("SELECT first_published_at, first_dated_at::DATE::VARCHAR, date_is_first_seen FROM stories "
                        "WHERE story_id = 'u-cork'").fetchone()
    assert story == (None, "2025-03-12", True)
    # A company named only by an undated article was first seen when the article was.
    seen = con.execute("SELECT first_seen_at::DATE::VARCHAR FROM companies WHERE name = 'Newco Bio'").fetchone()
    assert seen == ("2025-03-12",)


def test_facets_carry_the_date_and_the_flag(db):
    con = connect_reader(db)
    rows = con.execute("SELECT id, dated_at::DATE::VARCHAR, date_is_first_seen FROM search.facets "
                       "ORDER BY dated_at, id").fetchall()
    assert rows == [("d-visp", "2025-03-04", False), ("d-ceo", "2025-03-05", False),
                    ("u-cfo", "2025-03-12", True), ("u-cork", "2025-03-12", True)]
    first_day, last_day = con.execute("SELECT first_day, last_day FROM search.facet_choices").fetchone()
    assert (first_day, last_day) == (date(2025, 3, 4), date(2025, 3, 12))


def test_overview_trend_and_kpis_count_undated_articles_on_their_first_seen_week(db):
    trend = filtered(db, MARCH, "dashboard_pillar_trend", grain="week")
    assert {(f"{r.period:%Y-%m-%d}", r.pillar): r.articles for r in trend.itertuples()} == {
        ("2025-03-03", "infrastructure"): 1, ("2025-03-03", "leadership"): 1,
        ("2025-03-10", "infrastructure"): 1, ("2025-03-10", "leadership"): 1}
    split = datetime(2025, 3, 10, tzinfo=timezone.utc)
    kpis = filtered(db, MARCH, "dashboard_kpis", split=split).set_index("period")
    assert kpis.loc["current", "stories"] == 2 and kpis.loc["current", "facility_usd"] == 150e6
    assert kpis.loc["current", "leadership_moves"] == 1 and kpis.loc["previous", "stories"] == 2


def test_a_period_filter_selects_by_first_seen_date(db):
    first_seen_week = Filters(start=date(2025, 3, 10), end=date(2025, 3, 16))
    listed = filtered(db, first_seen_week, "dashboard_articles", limit=20, **_no_frame())
    assert sorted(listed["id"]) == ["u-cfo", "u-cork"]
    assert listed["date_is_first_seen"].all() and listed["total"].iloc[0] == 2
    published_week = Filters(start=date(2025, 3, 3), end=date(2025, 3, 9))
    assert sorted(filtered(db, published_week, "dashboard_articles", limit=20, **_no_frame())["id"]) == \
        ["d-ceo", "d-visp"]
    facilities = filtered(db, MARCH, "dashboard_facilities_frames", "dashboard_facility_list", limit=10)
    assert list(facilities["article_id"]) == ["u-cork", "d-visp"]  # newest first, by first-seen date
    assert list(facilities["title"].str.startswith(("Alderbrook", "Lonza"))) == [True, True]
    assert list(facilities["date_is_first_seen"]) == [True, False]


def _no_frame() -> dict:
    return EventFacets().params()


def test_tables_show_a_first_seen_date_flagged():
    frame = pd.DataFrame({"dated_at": [pd.Timestamp("2025-03-12 08:00", tz="UTC"), pd.Timestamp("2025-03-04", tz="UTC"),
                                       pd.NaT],
                          "date_is_first_seen": [True, False, None], "title": ["a", "b", "c"]})
    shown = with_date_labels(frame)
    assert list(shown.columns) == ["dated_at", "title"]
    assert list(shown["dated_at"]) == ["2025-03-12 (first seen)", "2025-03-04", "undated"]
    assert date_label(None) == "undated"


def test_dashboard_pages_list_undated_articles_flagged(db, monkeypatch):
    monkeypatch.setenv("RADAR_DB", str(db))
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params.update({"from": "2025-03-10", "to": "2025-03-16", "drill": "overview.trend|period_key=2025-03-10"
                                                                               "|pillar=infrastructure"})
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert {m.label: m.value for m in at.metric}["Stories"] == "2"
    captions = [c.value for c in at.caption]
    # Escaped like every caption (dashboard/safe_text.py): the parentheses and dash come backslashed.
    assert any(r"2025\-03\-12 \(first seen\)" in c for c in captions), captions
    at.switch_page("views/infrastructure.py").run()
    assert not at.exception, [e.value for e in at.exception]
    tables = [t.value for t in at.dataframe]
    cells = [v for t in tables if "dated_at" in t.columns for v in t["dated_at"]]
    assert "2025-03-12 (first seen)" in cells, tables
    at.query_params["id"] = "u-cork"
    at.switch_page("views/article.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert any(r"2025\-03\-12 08\:00 UTC \(first seen\)" in c.value for c in at.caption)


TEAMS = "teams:\n  - name: all\n    recipients: [bd@example.com]\n"


def test_the_digest_takes_undated_stories_in_their_first_seen_week(db):
    data = read_week(db, W11)
    week_stories = data.stories[data.stories["week"].astype(str) == str(W11.monday)]
    assert set(week_stories["story_id"]) == {"u-cork", "u-cfo"}
    assert week_stories["date_is_first_seen"].all()
    assert "Newco Bio" in set(data.new_companies["name"])
    team = select_team(parse_teams(TEAMS), "all", "test")[0]
    digest = compose_digest(db, team, W11, datetime(2025, 3, 17, 7, tzinfo=timezone.utc))
    items = {i.story_id: i for s in digest.sections for i in s.items}
    assert set(items) == {"u-cork", "u-cfo"}
    cork = items["u-cork"]
    assert cork.first_seen and cork.date_label == "2025-03-12 (first seen)"
    assert [link.source for link in cork.links] == ["fixture-wire"]
    rendered = render_digest(digest, None)
    assert "2025-03-12 (first seen)" in rendered.text and "2025-03-12 (first seen)" in rendered.html
    assert r"2025-03-12 \(first seen\)" in rendered.markdown  # escaped like every value there
    previous = compose_digest(db, team, W10, datetime(2025, 3, 10, 7, tzinfo=timezone.utc))
    assert {i.story_id for s in previous.sections for i in s.items} == {"d-visp", "d-ceo"}
    assert not any(i.first_seen for s in previous.sections for i in s.items)


def test_the_migration_dates_what_an_older_warehouse_holds(tmp_path, monkeypatch):
    import duckdb

    from warehouse import migrate as migrations

    every = migrations.available_migrations()
    monkeypatch.setattr(migrations, "available_migrations", lambda: [m for m in every if m.version < 15])
    con = duckdb.connect(str(tmp_path / "old.duckdb"))
    migrations.migrate(con)
    con.execute("""
        INSERT INTO articles (id, url, canonical_url, source, title, published_at, fetched_at, text, story_id,
                              pillar, loaded_at, date_source)
        VALUES ('d', 'https://x/d', 'https://x/d', 'x', 'Dated', '2025-03-04 09:00:00+00', '2025-03-04 10:00:00+00', 't',
                'd', 'infrastructure', now(), 'page'),
               ('u', 'https://x/u', 'https://x/u', 'x', 'Undated', NULL, '2025-03-12 08:00:00+00', 't', 'u',
                'infrastructure', now(), 'first-seen');
        INSERT INTO stories VALUES ('d', 'd', 'x', '2025-03-04 09:00:00+00', 'Dated', 'infrastructure', 1, ['x']),
                                   ('u', 'u', 'x', NULL, 'Undated', 'infrastructure', 1, ['x']);
        INSERT INTO article_companies VALUES ('u', 'Newco Bio', true, 0, 'subject');
        INSERT INTO companies VALUES ('Newco Bio', [], NULL, NULL, NULL, false, NULL);
    """)
    monkeypatch.setattr(migrations, "available_migrations", lambda: every)
    assert migrations.migrate(con)[0] == "015_first_seen_dates"
    assert con.execute("SELECT id, dated_at::DATE::VARCHAR FROM articles ORDER BY id").fetchall() == [
        ("d", "2025-03-04"), ("u", "2025-03-12")]
    assert con.execute("SELECT story_id, first_dated_at::DATE::VARCHAR, date_is_first_seen FROM stories "
                       "ORDER BY 1").fetchall() == [("d", "2025-03-04", False), ("u", "2025-03-12", True)]
    assert con.execute("SELECT first_seen_at::DATE::VARCHAR FROM companies").fetchone() == ("2025-03-12",)
    assert con.execute("SELECT week::VARCHAR, articles, first_seen_articles FROM pillar_weekly ORDER BY 1").fetchall() \
        == [("2025-03-03", 1, 0), ("2025-03-10", 1, 1)]
