"""Every dashboard page rendered with Streamlit's AppTest on a real warehouse file (tests/dashboard_fixture.py).

The fixture's newest article is dated 2025-12-18, so the default period is 2024-12-19 to 2025-12-18 and the
previous period holds one story (fx-old).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.drilldown import Drill, encode
from tests.dashboard_fixture import COMPANIES, HOSTILE_ID, build_fixture_warehouse, fixture_records
from warehouse.connection import connect_writer
from warehouse.load import load_companies, load_enriched
from warehouse.publish import writer_session
from warehouse.search_index import refresh_search_index

APP = Path(__file__).resolve().parent.parent / "dashboard" / "streamlit_app.py"
PAGES = {"overview": "Overview", "infrastructure": "Infrastructure", "leadership": "Leadership",
         "digital": "Digital", "companies": "Companies", "search": "Search", "article": "Article",
         "sources": "Sources", "knowledge_base": "Knowledge base"}


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build_fixture_warehouse(tmp_path_factory.mktemp("dashboard") / "radar.duckdb")


@pytest.fixture
def app(db, monkeypatch, tmp_path):
    monkeypatch.setenv("RADAR_DB", str(db))
    monkeypatch.setenv("RADAR_KB_LOCAL", str(tmp_path / "kb_overlay.yaml"))

    def start(page: str = "overview", **query: str | list[str]) -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=60)
        at.query_params.update(query)
        at.run()
        if page != "overview":
            at.switch_page(f"views/{page}.py").run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    return start


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def links(at: AppTest) -> list[tuple[str, str]]:
    """(label, query string) of every page link on screen."""
    return [(link.value, link.proto.query_string) for link in at.page_link]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders(app, page):
    at = app(page)
    titles = [t.value for t in at.title]
    assert titles == [PAGES[page]] or (page == "article" and titles == ["Article"])
    assert [h.value for h in at.sidebar.header] == ["Filters"]


def test_overview_kpis_compare_with_the_previous_period(app):
    at = app()
    shown = metrics(at)
    assert shown["Stories"] == "12"  # the Visp copy is the same story
    assert shown["Facility investment announced"] == "$2.3B"  # 500M + 1.4B + 150M + 230M
    assert shown["Leadership moves"] == "3" and shown["Digital launches"] == "2"
    deltas = {m.label: m.proto.delta for m in at.metric}
    assert deltas["Stories"] == "+1100%" and deltas["Leadership moves"] == "new"
    assert len(at.get("vega_lite_chart")) >= 2  # trend and at least one momentum chart


def test_a_filter_changes_the_results_and_the_url(app):
    at = app()
    at.multiselect(key="filter-pillar").set_value(["leadership"]).run()
    assert metrics(at)["Stories"] == "3"
    assert at.query_params["pillar"] == "leadership"
    at.multiselect(key="filter-place").set_value(["Europe"]).run()
    assert metrics(at)["Stories"] == "2"  # Alderbrook (IE) and Lonza (CH) appointments, by HQ country
    assert at.query_params["place"] == "Europe"


def test_a_shared_url_opens_the_same_view(app):
    at = app(**{"from": "2025-01-01", "to": "2025-06-30", "pillar": "digital"})
    assert at.date_input(key="filter-period").value == (
        __import__("datetime").date(2025, 1, 1), __import__("datetime").date(2025, 6, 30))
    assert at.multiselect(key="filter-pillar").value == ["digital"]
    assert metrics(at)["Stories"] == "1"  # the digital twin; the AI partnership is in August


def test_trend_drill_down_lists_the_articles_behind_a_bar(app):
    drill = encode(Drill("overview.trend", (("period_key", "2025-03-03"), ("pillar", "infrastructure"))))
    at = app(drill=drill)
    assert ("Lonza expands Visp biologics site", "id=fx-visp") in links(at)
    assert ("Lonza expands Visp biologics site", "id=fx-visp-copy") in links(at)
    assert any("Articles behind infrastructure, week of 2025\\-03\\-03" in m.value for m in at.markdown)
    at.button(key="close-overview-trend").click().run()
    assert "drill" not in at.query_params and not links(at)


def test_momentum_drill_down(app):
    at = app(**{"from": "2025-06-01", "to": "2025-12-18",
                "drill": encode(Drill("overview.momentum.company", (("key", "Catalent"),)))})
    listed = {query for _, query in links(at)}
    assert listed == {"id=fx-bloomington", "id=fx-coo-out"}  # Catalent's stories in the recent 13 weeks


def test_infrastructure_map_table_and_capex(app):
    at = app("infrastructure")
    captions = " ".join(c.value for c in at.caption)
    assert "2 of 5 facility investments have no coordinates yet" in captions  # Cork and the hostile one
    facilities = at.dataframe[0].value
    assert len(facilities) == 5 and set(facilities["site"]) - {""} == {
        "Visp, Switzerland", "Incheon, South Korea", "Cork, Ireland", "Bloomington, Indiana"}
    assert [b.label for b in at.download_button][-1] == "Download CSV (5 rows)"
    drill = encode(Drill("infrastructure.map", (("site", "Visp, Switzerland"),)))
    at = app("infrastructure", drill=drill)
    assert {query for _, query in links(at)} == {"id=fx-visp", "id=fx-visp-copy"}
    drill = encode(Drill("infrastructure.capex.region", (("quarter_key", "2025-07-01"), ("key", "Europe"))))
    at = app("infrastructure", drill=drill)
    assert {query for _, query in links(at)} == {"id=fx-cork"}


def test_leadership_timeline_reaches_the_article(app):
    at = app("leadership")
    moves = at.dataframe[0].value
    assert sorted(moves["person"]) == ["Dana Whitcombe", "Maren Lutz", "Piet Aalders"]
    assert set(moves["action"]) == {"appointed", "departed"}
    at = app("leadership", drill=encode(Drill("leadership.timeline", (("article_id", "fx-coo-out"),))))
    assert links(at) == [("Catalent COO Dana Whitcombe to step down", "id=fx-coo-out")]
    drill = encode(Drill("leadership.monthly", (("month_key", "2025-04-01"), ("role", "CEO"),
                                                ("action", "appointed"))))
    assert {q for _, q in links(app("leadership", drill=drill))} == {"id=fx-ceo"}


def test_digital_by_technology_and_company(app):
    at = app("digital")
    initiatives = at.dataframe[0].value
    assert sorted(initiatives["technology"]) == ["AI/ML", "digital twin"]
    drill = encode(Drill("digital.companies", (("company", "Lonza"), ("technology", "AI/ML"))))
    assert {q for _, q in links(app("digital", drill=drill))} == {"id=fx-ai"}


def test_company_profile(app):
    at = app("companies")
    at.selectbox(key="company-name").set_value("Lonza").run()
    assert not at.exception
    assert at.query_params["name"] == "Lonza"
    assert "HQ\\: Switzerland" in " ".join(c.value for c in at.caption)
    assert metrics(at)["Stories"] == "3"  # Visp (two copies), the CFO, the AI partnership
    at = app("companies", name="Lonza", drill=encode(Drill("companies.mix", (("pillar", "digital"),))))
    assert ("Lonza and a software house partner on AI batch release", "id=fx-ai") in links(at)


def test_companies_page_lists_the_most_active_companies_until_one_is_picked(app):
    at = app("companies")
    ranking = at.dataframe[0].value
    stories = dict(zip(ranking["company"], ranking["stories"], strict=True))
    assert stories["Lonza"] == 3  # Visp (two copies, one story), the CFO, the AI partnership
    assert list(ranking["stories"]) == sorted(ranking["stories"], reverse=True) and ranking["stories"].iloc[0] >= 3
    assert ("Lonza · 3 stories", "name=Lonza") in links(at)
    # A link (a ?name= the page did not write) opens the profile, and the picker can still change it.
    at = app("companies", name="Lonza")
    assert at.selectbox(key="company-name").value == "Lonza" and metrics(at)["Stories"] == "3"
    other = [c for c in at.selectbox(key="company-name").options if "Lonza" not in c][0].rsplit(" (", 1)[0]
    at.selectbox(key="company-name").set_value(other).run()
    assert at.selectbox(key="company-name").value == other and at.query_params["name"] == other


def test_search_ranks_and_highlights(app):
    at = app("search", q="bioreactor")
    assert at.text_input(key="search-query").value == "bioreactor"
    ranked = [query for _, query in links(at)]
    assert ranked[0] == "id=fx-twin" and len(ranked) == 6
    assert any(":orange-background[**bioreactor**]" in m.value for m in at.markdown)
    at.text_input(key="search-query").input("bioreactor Incheon").run()
    assert [query for _, query in links(at)] == ["id=fx-incheon"]
    assert at.query_params["q"] == "bioreactor Incheon"


def test_article_page_shows_everything_about_an_article(app):
    at = app("article", id="fx-visp")
    assert at.header[0].value == "Lonza expands Visp biologics site"
    assert at.link_button[0].proto.url == "https://news.example/fx-visp"
    assert metrics(at)["Subject company"] == "Lonza"
    assert ("Lonza expands Visp biologics site", "id=fx-visp-copy") in links(at)  # the other copy
    events = [d.value for d in at.dataframe if "event_type" in d.value.columns][0]
    assert events["location"].tolist() == ["Visp, Switzerland"]
    assert any("Evidence" in m.value for m in at.markdown)


def test_crawled_markup_shows_as_text(app):
    at = app("article", id=HOSTILE_ID)
    header = at.header[0].value
    assert header.startswith("\\<script\\>alert") and "\\*\\*bold\\*\\*" in header and "\\$5M" in header
    assert not at.link_button  # its javascript: URL is not offered as a link
    body = " ".join(m.value for m in at.markdown)
    assert "<b>" not in body and "\\<b\\>nothing\\</b\\>" in body


def test_a_new_publish_is_seen(db, app, tmp_path):
    at = app()
    assert metrics(at)["Stories"] == "12"
    record = dict(fixture_records()[2], id="fx-new", title="Catalent opens a new plant in Anagni",
                  url="https://news.example/fx-new", canonical_url="https://news.example/fx-new",
                  published="2025-12-10T10:00:00+00:00")
    with writer_session(db) as con:  # as the pipeline does: load, then refresh the read-side indexes
        load_enriched(con, [record])
        refresh_search_index(con)
    try:
        at.run()
        assert metrics(at)["Stories"] == "13"
    finally:
        with writer_session(db) as con:
            con.execute("DELETE FROM articles WHERE id = 'fx-new'")
            con.execute("DELETE FROM events WHERE article_id = 'fx-new'")
            refresh_search_index(con)


def test_a_missing_warehouse_is_explained(tmp_path, monkeypatch):
    monkeypatch.setenv("RADAR_DB", str(tmp_path / "nowhere.duckdb"))
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not at.exception
    assert "No warehouse at" in at.info[0].value


def test_a_warehouse_never_refreshed_still_shows_everything_but_search(tmp_path, monkeypatch):
    db = tmp_path / "radar.duckdb"
    # Written without the writer session (which refreshes the index on every publish), as an older version did.
    con = connect_writer(db)
    load_companies(con, COMPANIES)
    load_enriched(con, fixture_records())
    con.close()
    monkeypatch.setenv("RADAR_DB", str(db))
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not at.exception
    assert metrics(at)["Stories"] == "12"  # the facet query runs inline: same figures, slower
    at.switch_page("views/search.py").run()
    assert not at.exception
    assert "no search index yet" in at.warning[0].value
