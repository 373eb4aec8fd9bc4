-- Where an article's places are: each place as the enricher normalised and geocoded it (nlp/entities/gazetteer.py), so
-- the digest and the views read countries from here instead of guessing them again from written locations.
-- Articles loaded before this table existed get their rows when `radar reprocess` re-enriches them.
CREATE TABLE IF NOT EXISTS article_places (
    article_id VARCHAR NOT NULL,
    position INTEGER NOT NULL,
    text VARCHAR,
    city VARCHAR,
    region VARCHAR,
    country VARCHAR,
    lat DOUBLE,
    lon DOUBLE
);
