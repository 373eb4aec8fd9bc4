-- Schema v1: articles with their enrichment, entity tables, run health, and the weekly pillar view.

CREATE TABLE articles (
    id              VARCHAR PRIMARY KEY,      -- stable: hash of canonical_url
    url             VARCHAR NOT NULL,
    canonical_url   VARCHAR NOT NULL,
    source          VARCHAR NOT NULL,
    title           VARCHAR NOT NULL,
    published_at    TIMESTAMPTZ,              -- null when the page carried no date
    fetched_at      TIMESTAMPTZ,
    author          VARCHAR,
    text            VARCHAR NOT NULL,         -- raw article body, kept
    lang            VARCHAR,
    discovered_via  VARCHAR,
    story_id        VARCHAR,                  -- syndicated copies share one story
    pillar          VARCHAR,
    pillars         VARCHAR[],
    pillar_scores   JSON,
    event_type      VARCHAR,
    subject_company VARCHAR,
    amount_value    DOUBLE,
    amount_currency VARCHAR,
    amount_usd      DOUBLE,
    modalities      VARCHAR[],
    locations       VARCHAR[],
    evidence        VARCHAR[],
    enriched_at     TIMESTAMPTZ,
    model_version   VARCHAR,
    loaded_at       TIMESTAMPTZ NOT NULL
);

CREATE TABLE article_entities (
    article_id VARCHAR NOT NULL,
    text       VARCHAR NOT NULL,
    label      VARCHAR NOT NULL,
    start_char INTEGER,
    end_char   INTEGER,
    canonical  VARCHAR
);

CREATE TABLE article_companies (
    article_id VARCHAR NOT NULL,
    company    VARCHAR NOT NULL,
    is_subject BOOLEAN NOT NULL,
    position   INTEGER NOT NULL
);

CREATE TABLE article_people (
    article_id VARCHAR NOT NULL,
    person     VARCHAR NOT NULL,
    role       VARCHAR,                       -- normalised role on leadership items, else null
    company    VARCHAR,
    position   INTEGER NOT NULL
);

CREATE TABLE pipeline_runs (
    run_id           VARCHAR NOT NULL,
    source           VARCHAR NOT NULL,        -- '*' for the run as a whole
    started_at       TIMESTAMPTZ NOT NULL,
    finished_at      TIMESTAMPTZ,
    status           VARCHAR NOT NULL,        -- ok | failed | partial
    pages_fetched    INTEGER,
    articles_new     INTEGER,
    articles_updated INTEGER,
    articles_skipped INTEGER,
    errors           JSON,
    message          VARCHAR
);

CREATE VIEW pillar_weekly AS
WITH dated AS (
    SELECT
        date_trunc('week', published_at AT TIME ZONE 'UTC')::DATE AS week,
        pillar,
        id,
        coalesce(story_id, id) AS story
    FROM articles
    WHERE published_at IS NOT NULL AND pillar IS NOT NULL
)
SELECT week, pillar, count(*) AS articles, count(DISTINCT story) AS stories
FROM dated
GROUP BY week, pillar;
