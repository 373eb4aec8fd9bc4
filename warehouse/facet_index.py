"""The dashboard's facet table: one row per article with its filters and counting keys (search.facets),
and the sidebar's choices drawn from it (search.facet_choices).

Built from warehouse/queries/search_facets.sql, so the Overview's queries become scans of one date-sorted
table instead of joins of articles with events, companies and parties (at 1,000,000 articles those joins
took seconds per filter change). It is rebuilt whole, in one statement, when articles or the company
dimension changed since the last build (search.facets_state): a few seconds at 1,000,000 articles, and
nothing when a load brought nothing new.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb

SQL_DIR = Path(__file__).parent / "queries"


def _sql(name: str) -> str:
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def refresh_facet_index(con: duckdb.DuckDBPyConnection) -> bool:
    """Rebuild search.facets if its sources changed; return whether it was rebuilt. Runs in the caller's
    transaction (refresh_search_index opens one)."""
    con.execute("CREATE SCHEMA IF NOT EXISTS search")
    con.execute("CREATE TABLE IF NOT EXISTS search.facets_state (fingerprint VARCHAR NOT NULL)")
    # The query's own text counts too: a warehouse upgraded to new facet columns rebuilds them on its next load.
    definition = hashlib.sha256((_sql("search_facets") + _sql("search_facet_choices")).encode()).hexdigest()[:16]
    current = con.execute(_sql("search_facets_state")).fetchone()[0] + "|" + definition  # type: ignore[index]
    built = con.execute("SELECT max(fingerprint) FROM search.facets_state").fetchone()[0]  # type: ignore[index]
    exists = con.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'search' "
                         "AND table_name IN ('facets', 'facet_choices')").fetchone()[0]  # type: ignore[index]
    if exists == 2 and built == current:
        return False
    # Each article's full-text index entry rides along (docno, its BM25 length), so a search scores the filtered
    # articles without joining the million-row search.docs on every query.
    con.execute("CREATE OR REPLACE TABLE search.facets AS SELECT f.*, d.docno, d.len AS doc_len FROM ("
                + _sql("search_facets") + ") f LEFT JOIN search.docs d ON d.article_id = f.id "
                "ORDER BY f.dated_at, f.id")
    # The sidebar's choices (one row) come from the facets; kept so a first render need not scan them.
    con.execute("CREATE OR REPLACE TABLE search.facet_choices AS WITH facets AS (SELECT * FROM search.facets) "
                + _sql("search_facet_choices"))
    con.execute("DELETE FROM search.facets_state")
    con.execute("INSERT INTO search.facets_state VALUES ($fingerprint)", {"fingerprint": current})
    return True
