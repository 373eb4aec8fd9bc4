from __future__ import annotations

import duckdb
import pytest

from warehouse.connection import connect_reader, connect_writer
from warehouse.load import load_enriched
from warehouse.migrate import available_migrations


def enriched(id, published="2025-03-04T10:00:00+00:00", pillar="infrastructure", title=None, embedding=None):
    return {
        "id": id, "url": f"https://x.org/{id}", "canonical_url": f"https://x.org/{id}", "source": "x",
        "title": title or f"Title {id}", "published": published, "author": None, "text": "Body text.",
        "lang": "en", "fetched_at": "2026-01-01T00:00:00+00:00", "discovered_via": "feed", "embedding": embedding,
        "pillar": pillar, "pillars": [pillar], "pillar_scores": {pillar: 0.9}, "event_type": "facility_opening",
        "companies": ["Lonza", "Pfizer"], "subject_company": "Lonza", "people": ["Jo Bloggs"],
        "roles": [{"person": "Jo Bloggs", "role": "CEO", "company": "Lonza"}], "locations": ["Visp"],
        "amount": {"value": 1e6, "currency": "CHF", "usd": 1.1e6}, "modalities": ["microbial"],
        "entities": [{"text": "Lonza", "label": "ORG", "start": 0, "end": 5, "canonical": "Lonza"}],
        "evidence": ["x"], "model_version": "m1", "enriched_at": "2026-01-01T00:00:00+00:00",
    }


@pytest.fixture
def db(tmp_path):
    return tmp_path / "w.duckdb"


def counts(con):
    return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("articles", "article_entities", "article_companies", "article_people")}


def test_migrations_recorded_once(db):
    con = connect_writer(db)
    con.close()
    con = connect_writer(db)
    versions = [r[0] for r in con.execute("SELECT version FROM schema_migrations ORDER BY 1").fetchall()]
    assert versions == [m.version for m in available_migrations()]


def test_load_is_idempotent_and_updates(db):
    con = connect_writer(db)
    first = load_enriched(con, [enriched("a"), enriched("b")])
    assert (first.new, first.updated) == (2, 0)
    before = counts(con)
    assert before == {"articles": 2, "article_entities": 2, "article_companies": 4, "article_people": 2}
    again = load_enriched(con, [enriched("a"), enriched("b")])
    assert (again.new, again.updated) == (0, 2)
    assert counts(con) == before
    load_enriched(con, [enriched("a", title="Changed")])
    assert con.execute("SELECT title FROM articles WHERE id = 'a'").fetchone()[0] == "Changed"
    row = con.execute("SELECT amount_usd, pillar_scores->>'infrastructure', published_at FROM articles "
                      "WHERE id='b'").fetchone()
    assert row[0] == 1.1e6 and row[1] == "0.9" and row[2].year == 2025


def test_undated_articles_keep_a_null_date_and_say_where_dates_came_from(db):
    con = connect_writer(db)
    load_enriched(con, [enriched("a") | {"date_source": "page"}, enriched("b", published=None) |
                        {"date_source": "first-seen"}, enriched("c")])
    rows = dict(((id, (published, source)) for id, published, source in
                 con.execute("SELECT id, published_at, date_source FROM articles").fetchall()))
    assert rows["a"][1] == "page" and rows["a"][0].year == 2025
    assert rows["b"] == (None, "first-seen")
    assert rows["c"] == (rows["c"][0], None)  # a record from before date_source existed


def test_teasers_and_pdf_dates_are_kept_with_their_flags(db):
    con = connect_writer(db)
    load_enriched(con, [enriched("a") | {"is_teaser": True, "lang": "de"},
                        enriched("b") | {"is_teaser": False, "date_source": "pdf-metadata"}, enriched("c")])
    rows = {r[0]: r[1:] for r in con.execute("SELECT id, is_teaser, lang, date_source FROM articles").fetchall()}
    assert rows["a"][:2] == (True, "de")
    assert rows["b"][0] is False and rows["b"][2] == "pdf-metadata"
    assert rows["c"][0] is None  # a record from before is_teaser existed


def test_failed_load_leaves_warehouse_unchanged(db):
    con = connect_writer(db)
    load_enriched(con, [enriched("a")])
    before = con.execute("SELECT * FROM articles").fetchall()
    broken = enriched("z")
    broken["entities"] = [{"text": "x", "label": None, "start": 0, "end": 1, "canonical": "x"}]  # NOT NULL label
    with pytest.raises(duckdb.Error):
        load_enriched(con, [enriched("a", title="New"), broken])
    assert con.execute("SELECT * FROM articles").fetchall() == before
    assert counts(con)["articles"] == 1


def test_pillar_weekly_counts_stories_not_copies(db):
    con = connect_writer(db)
    load_enriched(con, [
        enriched("a", "2025-03-03T09:00:00+00:00", title="Lonza opens Visp plant"),
        enriched("b", "2025-03-05T09:00:00+00:00", title="Lonza Opens Visp Plant"),
        enriched("c", "2025-03-06T09:00:00+00:00", pillar="leadership"),
        enriched("d", "2025-03-12T09:00:00+00:00"),
        enriched("e", None),
    ])
    rows = con.execute("SELECT week::VARCHAR, pillar, articles, stories, first_seen_articles FROM pillar_weekly "
                       "ORDER BY 1, 2").fetchall()
    assert rows == [
        ("2025-03-03", "infrastructure", 2, 1, 0),
        ("2025-03-03", "leadership", 1, 1, 0),
        ("2025-03-10", "infrastructure", 1, 1, 0),
        ("2025-12-29", "infrastructure", 1, 1, 1),  # the undated one, in the week it was first seen (2026-01-01)
    ]


def test_reader_cannot_write(db):
    connect_writer(db).close()
    con = connect_reader(db)
    with pytest.raises(duckdb.Error, match="read-only"):
        con.execute("CREATE TABLE t (x INT)")


def _unit(seed, near=None, noise=0.01):
    import numpy as np

    rng = np.random.default_rng(seed)
    v = rng.normal(size=384) if near is None else np.asarray(near) + rng.normal(scale=noise, size=384)
    return (v / np.linalg.norm(v)).astype("float32").tolist()


def test_syndicated_copies_become_one_story_across_batches(db):
    con = connect_writer(db)
    original = _unit(1)
    load_enriched(con, [enriched("orig", "2025-05-01T08:00:00+00:00", title="Lonza to build plant",
                                 embedding=original)])
    load_enriched(con, [
        enriched("copy", "2025-05-02T08:00:00+00:00", title="Swiss CDMO plans new site", embedding=_unit(2, original)),
        enriched("late", "2025-05-20T08:00:00+00:00", title="Lonza builds plant again", embedding=_unit(3, original)),
        enriched("other", "2025-05-01T09:00:00+00:00", title="Unrelated", embedding=_unit(4)),
    ])
    story = dict(con.execute("SELECT id, story_id FROM articles").fetchall())
    assert story["copy"] == story["orig"] == "orig"
    assert story["late"] == "late" and story["other"] == "other"  # outside the window / not similar
    row = con.execute("SELECT first_article_id, first_source, articles, sources FROM stories "
                      "WHERE story_id = 'orig'").fetchone()
    assert row == ("orig", "x", 2, ["x"])
    assert con.execute("SELECT count(*) FROM stories").fetchone()[0] == 3
    load_enriched(con, [enriched("copy", "2025-05-02T08:00:00+00:00", title="Swiss CDMO plans new site",
                                 embedding=_unit(2, original))])
    assert con.execute("SELECT articles FROM stories WHERE story_id = 'orig'").fetchone()[0] == 2


def test_views_and_event_frames(db):
    con = connect_writer(db)
    leader = enriched("l", pillar="leadership")
    leader["event_type"] = "executive_departure"
    load_enriched(con, [enriched("f"), leader])
    facility = con.execute("SELECT company, amount_usd, location FROM facility_investments").fetchall()
    assert facility == [("Lonza", 1.1e6, "Visp")]
    assert con.execute("SELECT person, role, action, company FROM leadership_changes").fetchall() == [
        ("Jo Bloggs", "CEO", "departed", "Lonza")]
    activity = con.execute("SELECT company, sum(articles), sum(announced_usd) FROM company_activity "
                           "GROUP BY 1 ORDER BY 1").fetchall()
    assert activity == [("Lonza", 2, 2.2e6), ("Pfizer", 2, None)]


def test_companies_dimension(db):
    from warehouse.load import load_companies

    con = connect_writer(db)
    load_companies(con, [{"name": "Lonza", "aliases": ["Lonza Group AG"], "hq_country": "CH", "is_cdmo": True}])
    load_enriched(con, [enriched("a", "2025-01-02T00:00:00+00:00"), enriched("b", "2024-12-30T00:00:00+00:00")])
    rows = con.execute("SELECT name, is_cdmo, in_knowledge_base, first_seen_at::DATE::VARCHAR FROM companies "
                       "ORDER BY name").fetchall()
    assert rows == [("Lonza", True, True, "2024-12-30"), ("Pfizer", None, False, "2024-12-30")]


def test_export_parquet_partitioned_by_month(db, tmp_path):
    import pandas as pd

    from warehouse.export import export_parquet, exported_tables

    con = connect_writer(db)
    load_enriched(con, [enriched("a", "2025-01-05T00:00:00+00:00"), enriched("b", "2025-02-07T00:00:00+00:00"),
                        enriched("c", None)])
    con.close()
    con = connect_reader(db)  # as `radar export` reads: the run log comes from the operational file
    out = tmp_path / "export"
    export_parquet(con, out)
    export_parquet(con, out)  # a re-export replaces, never duplicates
    assert {p.name for p in out.iterdir()} == set(exported_tables()) >= {"articles", "events", "stories"}
    assert {p.name for p in (out / "articles").iterdir()} == {"month=2025-01", "month=2025-02", "month=undated"}
    via_duckdb = duckdb.connect().execute(
        f"select month, count(*) from read_parquet('{out}/articles/*/*.parquet', hive_partitioning = true) "
        "group by 1 order by 1").fetchall()
    assert via_duckdb == [("2025-01", 1), ("2025-02", 1), ("undated", 1)]
    via_pandas = pd.read_parquet(out / "article_companies")
    assert len(via_pandas) == 6 and set(via_pandas["company"]) == {"Lonza", "Pfizer"}
