from __future__ import annotations

import duckdb
import pytest

from warehouse.connection import connect_reader, connect_writer
from warehouse.load import load_enriched
from warehouse.migrate import available_migrations


def enriched(id, published="2025-03-04T10:00:00+00:00", pillar="infrastructure", title=None, story_id=None):
    return {
        "id": id, "url": f"https://x.org/{id}", "canonical_url": f"https://x.org/{id}", "source": "x",
        "title": title or f"Title {id}", "published": published, "author": None, "text": "Body text.",
        "lang": "en", "fetched_at": "2026-01-01T00:00:00+00:00", "discovered_via": "feed", "story_id": story_id,
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
        enriched("a", "2025-03-03T09:00:00+00:00", story_id="s1"),
        enriched("b", "2025-03-05T09:00:00+00:00", story_id="s1"),
        enriched("c", "2025-03-06T09:00:00+00:00", pillar="leadership"),
        enriched("d", "2025-03-12T09:00:00+00:00"),
        enriched("e", None),
    ])
    rows = con.execute("SELECT week::VARCHAR, pillar, articles, stories FROM pillar_weekly ORDER BY 1, 2").fetchall()
    assert rows == [
        ("2025-03-03", "infrastructure", 2, 1),
        ("2025-03-03", "leadership", 1, 1),
        ("2025-03-10", "infrastructure", 1, 1),
    ]


def test_reader_cannot_write(db):
    connect_writer(db).close()
    con = connect_reader(db)
    with pytest.raises(duckdb.Error, match="read-only"):
        con.execute("CREATE TABLE t (x INT)")
