"""The full-text index over articles: refreshed after each load, queried with BM25 by the read path.

DuckDB's own FTS extension (`PRAGMA create_fts_index`) loads offline here, but it can only rebuild the whole
index, and measured on 100,000 synthetic articles it took 72 s to build and 1.5 s to answer one query: too slow
to run after every load and to search on 1,000,000 articles. So this index keeps the same ideas in plain
tables of the schema `search` (document lengths, Snowball stems from the fts extension, postings of weighted
term frequencies) that a load updates for the articles it touched only, and that a read-only connection
queries with plain SQL (warehouse/queries/dashboard_search.sql) and no extension loaded. Word forms are
kept with their stems (`search.words`), so a query maps its words to terms without stemming anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import duckdb_ext

from warehouse.facet_index import refresh_facet_index

SQL_DIR = Path(__file__).parent / "queries"
BATCH = 100_000  # articles tokenised at a time


@dataclass(frozen=True)
class SearchIndexRefresh:
    indexed: int  # articles (re-)indexed by this refresh
    dropped: int  # documents removed: their article was deleted or re-loaded
    facets_rebuilt: bool = False  # search.facets, the dashboard's per-article filter table (facet_index.py)


def _sql(name: str) -> str:
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def _load_stemmer(con: duckdb.DuckDBPyConnection) -> None:
    # The fts extension ships for DuckDB 1.4.4 in the duckdb-ext-fts wheel; init() points DuckDB at it and
    # turns off auto-install, so nothing is ever fetched from the network.
    duckdb_ext.init(con)
    con.execute("LOAD fts")


def refresh_search_index(con: duckdb.DuckDBPyConnection) -> SearchIndexRefresh:
    """Bring the index up to date with `articles` in one transaction; a no-op when nothing changed.

    The same transaction brings the dashboard's facet table up to date (warehouse/facet_index.py): both are
    read-side indexes derived from the loaded articles, due at the same moment, so one call keeps them in step.

    Idempotent: it indexes exactly the articles whose `loaded_at` differs from the one indexed, so running it
    twice does nothing the second time. Its cost follows the number of changed articles, plus one anti-join
    of `articles` against the index (a fraction of a second at 1,000,000 articles).
    """
    _load_stemmer(con)
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(_sql("search_index_schema"))
        con.execute(_sql("search_index_changes"))
        dropped = con.execute("SELECT count(*) FROM search_dropped").fetchone()[0]  # type: ignore[index]
        first, last = con.execute("SELECT min(docno), max(docno) FROM search_changed").fetchone()  # type: ignore[misc]
        changed = 0 if first is None else last - first + 1
        # Slices bound the memory the token table takes on a first build over a large warehouse.
        for low in range(first or 0, (last or -1) + 1, BATCH):
            con.execute("CREATE OR REPLACE TEMP TABLE search_batch AS "
                        "SELECT * FROM search_changed WHERE docno BETWEEN $low AND $high",
                        {"low": low, "high": low + BATCH - 1})
            con.execute(_sql("search_index_batch"))
        con.execute("DROP TABLE search_changed; DROP TABLE search_dropped")
        facets_rebuilt = refresh_facet_index(con)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return SearchIndexRefresh(indexed=int(changed), dropped=int(dropped), facets_rebuilt=facets_rebuilt)
