"""The full-text index (warehouse/search_index.py) and the search query on it, on a real DuckDB file."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from dashboard.data_access import filtered_query
from dashboard.filters import Filters
from tests.dashboard_fixture import build_fixture_warehouse, fixture_records
from warehouse.load import load_enriched
from warehouse.publish import writer_session
from warehouse.read import read_frame
from warehouse.search_index import refresh_search_index

EVERY_DAY = Filters(start=date(2020, 1, 1), end=date(2030, 12, 31))


@pytest.fixture
def db(tmp_path):
    return build_fixture_warehouse(tmp_path / "radar.duckdb")


def search(db, query: str, filters: Filters = EVERY_DAY, limit: int = 50):
    sql, params = filtered_query(filters, (), "dashboard_search")
    return read_frame(db, sql, params | {"query": query, "limit": limit})


def test_every_article_is_indexed_once(db):
    counts = read_frame(db, "SELECT (SELECT count(*) FROM articles) AS articles, "
                            "(SELECT count(DISTINCT article_id) FROM search.docs) AS docs, "
                            "(SELECT count(*) FROM search.docs) AS rows").iloc[0]
    assert counts["articles"] == counts["docs"] == counts["rows"] == len(fixture_records())


def test_refresh_is_idempotent_and_follows_reloads_and_deletes(db):
    with writer_session(db) as con:
        again = refresh_search_index(con)
        assert (again.indexed, again.dropped) == (0, 0)
        changed = dict(next(r for r in fixture_records() if r["id"] == "fx-twin"))
        changed["title"] = "Samsung Biologics launches quantum scheduling"
        load_enriched(con, [changed])
        con.execute("DELETE FROM articles WHERE id = 'fx-tariffs'")
        refreshed = refresh_search_index(con)
        assert (refreshed.indexed, refreshed.dropped) == (1, 2)
        total = con.execute("SELECT count(*) FROM search.docs").fetchone()[0]
        assert total == len(fixture_records()) - 1
    assert search(db, "quantum")["id"].tolist() == ["fx-twin"]
    assert search(db, "tariff").empty


def test_a_failed_refresh_leaves_the_index_as_it_was(tmp_path):
    db = build_fixture_warehouse(tmp_path / "radar.duckdb")
    con = duckdb.connect(str(tmp_path / "copy.duckdb"))
    con.execute(f"ATTACH '{db}' AS src (READ_ONLY)")
    con.execute("COPY FROM DATABASE src TO copy")
    con.execute("DETACH src")
    # A postings table that refuses every row makes the refresh fail after it dropped the stale document.
    con.execute("DROP TABLE search.postings")
    con.execute("CREATE TABLE search.postings (term VARCHAR, docno BIGINT, tf INTEGER CHECK (tf < 0))")
    docs_before = con.execute("SELECT * FROM search.docs ORDER BY docno").fetchall()
    con.execute("UPDATE articles SET loaded_at = now() WHERE id = 'fx-ceo'")
    with pytest.raises(duckdb.ConstraintException):
        refresh_search_index(con)
    assert con.execute("SELECT * FROM search.docs ORDER BY docno").fetchall() == docs_before
    con.close()


def test_ranking_prefers_the_headline_and_every_word_must_match(db):
    results = search(db, "bioreactor")
    # Five articles say bioreactor; the one saying it in its headline ranks first.
    assert set(results["id"]) == {"fx-visp", "fx-visp-copy", "fx-incheon", "fx-cork", "fx-bloomington", "fx-twin"}
    assert results["id"].iloc[0] == "fx-twin"
    assert results["score"].is_monotonic_decreasing
    assert search(db, "bioreactor Incheon")["id"].tolist() == ["fx-incheon"]
    assert search(db, "bioreactor Atlantis").empty


def test_word_forms_and_accents_match(db):
    assert set(search(db, "expand")["id"]) == {"fx-visp", "fx-visp-copy"}  # the text says "expands"
    assert set(search(db, "EXPANDS")["id"]) == {"fx-visp", "fx-visp-copy"}
    assert search(db, "partnered")["id"].tolist() == ["fx-ai"]  # "partner" in the headline, same stem
    with writer_session(db) as con:
        record = dict(fixture_records()[0], id="fx-zurich", title="Siegfried opens Zürich kilo lab",
                      url="https://news.example/fx-zurich", canonical_url="https://news.example/fx-zurich",
                      published="2025-05-05T10:00:00+00:00")
        load_enriched(con, [record])
        refresh_search_index(con)
    assert search(db, "zurich")["id"].tolist() == ["fx-zurich"]
    assert search(db, "Zürich")["id"].tolist() == ["fx-zurich"]


def test_search_respects_the_filters_and_reports_the_total(db):
    filters = Filters(start=date(2025, 6, 1), end=date(2025, 12, 31), pillars=("infrastructure",))
    results = search(db, "bioreactor", filters, limit=2)
    assert len(results) == 2 and results["total"].iloc[0] == 3  # Incheon, Cork, Bloomington
    assert "bioreactor" in results["highlight"].iloc[0]


def test_stopwords_and_empty_queries_find_nothing(db):
    assert search(db, "the and of").empty
    assert search(db, "").empty


def test_the_facet_table_follows_loads_and_the_company_dimension(db):
    facets = "SELECT id, countries, companies, len(move_keys) AS moves FROM search.facets ORDER BY id"
    with writer_session(db) as con:
        assert not refresh_search_index(con).facets_rebuilt  # nothing changed since the fixture's refresh
        rows = {r[0]: r[1:] for r in con.execute(facets).fetchall()}
        assert rows["fx-visp"][0] == ["CH"] and rows["fx-ceo"][0] == ["IE"]  # event country; HQ otherwise
        assert rows["fx-ceo"][2] == 1 and rows["fx-visp"][1] == ["Lonza"]
        assert "fx-hostile" in rows and len(rows) == len(fixture_records())
        con.execute("UPDATE companies SET hq_country = 'GB' WHERE name = 'Alderbrook Biologics'")
        assert refresh_search_index(con).facets_rebuilt
        assert con.execute("SELECT countries FROM search.facets WHERE id = 'fx-ceo'").fetchone()[0] == ["GB"]
