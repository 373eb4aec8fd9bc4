-- The full-text index lives in its own schema, beside the tables it indexes; warehouse/search_index.py
-- creates it on first use (CREATE ... IF NOT EXISTS), so an existing warehouse needs no migration.
CREATE SCHEMA IF NOT EXISTS search;

-- One row per indexed article: docno is the compact key postings use; loaded_at tells when it went stale.
CREATE TABLE IF NOT EXISTS search.docs (
    docno      BIGINT NOT NULL,
    article_id VARCHAR NOT NULL,
    loaded_at  TIMESTAMPTZ,
    len        INTEGER NOT NULL          -- weighted count of indexed words: BM25's document length
);

-- Every word form seen, with the term (its stem) it is indexed under; queries map their words through it.
CREATE TABLE IF NOT EXISTS search.words (
    word VARCHAR NOT NULL,
    term VARCHAR
);

CREATE TABLE IF NOT EXISTS search.postings (
    term  VARCHAR NOT NULL,
    docno BIGINT NOT NULL,
    tf    INTEGER NOT NULL               -- weighted occurrences: a title word counts three
);

CREATE TABLE IF NOT EXISTS search.stopwords (word VARCHAR NOT NULL);

INSERT INTO search.stopwords
SELECT unnest([
    'a', 'an', 'and', 'are', 'as', 'at', 'be', 'been', 'but', 'by', 'for', 'from', 'has', 'have', 'he', 'her',
    'his', 'if', 'in', 'into', 'is', 'it', 'its', 'of', 'on', 'or', 'our', 'she', 'so', 'that', 'the', 'their',
    'them', 'then', 'there', 'these', 'they', 'this', 'to', 'was', 'we', 'were', 'which', 'while', 'who',
    'will', 'with', 'would'
])
WHERE NOT EXISTS (SELECT 1 FROM search.stopwords);
