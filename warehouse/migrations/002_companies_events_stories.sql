-- Schema v2: the company dimension, typed event frames, syndicated stories, story embeddings, analyst views.

CREATE TABLE companies (
    name              VARCHAR PRIMARY KEY,   -- canonical name, as in articles.subject_company
    aliases           VARCHAR[],
    parent            VARCHAR,
    hq_country        VARCHAR,               -- ISO 3166-1 alpha-2; null when unknown
    is_cdmo           BOOLEAN,               -- null when the company is not in the knowledge base
    in_knowledge_base BOOLEAN NOT NULL,
    first_seen_at     TIMESTAMPTZ            -- earliest published_at of an article naming it
);

CREATE TABLE events (
    article_id   VARCHAR NOT NULL,
    position     INTEGER NOT NULL,           -- order of the frame within its article
    event_type   VARCHAR NOT NULL,
    pillar       VARCHAR,
    company      VARCHAR,
    person       VARCHAR,
    role         VARCHAR,
    action       VARCHAR,                    -- appointed | departed on leadership frames
    location     VARCHAR,
    country      VARCHAR,
    lat          DOUBLE,
    lon          DOUBLE,
    amount_usd   DOUBLE,
    modality     VARCHAR,
    technology   VARCHAR,
    partner      VARCHAR,
    capacity     VARCHAR
);

CREATE TABLE stories (
    story_id           VARCHAR PRIMARY KEY,  -- id of the story's first article
    first_article_id   VARCHAR NOT NULL,
    first_source       VARCHAR NOT NULL,
    first_published_at TIMESTAMPTZ,
    title              VARCHAR NOT NULL,
    pillar             VARCHAR,
    articles           INTEGER NOT NULL,
    sources            VARCHAR[] NOT NULL
);

CREATE TABLE article_embeddings (
    article_id VARCHAR PRIMARY KEY,
    embedding  FLOAT[384] NOT NULL            -- MiniLM of headline + lead, for story grouping
);

CREATE VIEW company_activity AS
WITH mentions AS (
    SELECT
        c.company,
        date_trunc('month', a.published_at AT TIME ZONE 'UTC')::DATE AS month,
        a.pillar,
        a.id,
        coalesce(a.story_id, a.id) AS story,
        CASE WHEN c.is_subject THEN a.amount_usd END AS amount_usd
    FROM article_companies c
    JOIN articles a ON a.id = c.article_id
    WHERE a.published_at IS NOT NULL
)
SELECT
    company, month, pillar,
    count(*) AS articles,
    count(DISTINCT story) AS stories,
    sum(amount_usd) AS announced_usd
FROM mentions
GROUP BY company, month, pillar;

CREATE VIEW facility_investments AS
SELECT
    a.published_at, e.company, e.event_type, e.location, e.country, e.lat, e.lon, e.amount_usd, e.modality,
    e.capacity, a.source, a.title, a.url, a.id AS article_id, a.story_id
FROM events e
JOIN articles a ON a.id = e.article_id
JOIN stories s ON s.first_article_id = a.id          -- one row per story, from its first article
WHERE e.event_type IN ('facility_opening', 'facility_investment', 'capacity_expansion', 'site_acquisition');

CREATE VIEW leadership_changes AS
SELECT
    a.published_at, e.company, e.person, e.role, e.action, e.event_type, a.source, a.title, a.url,
    a.id AS article_id, a.story_id
FROM events e
JOIN articles a ON a.id = e.article_id
JOIN stories s ON s.first_article_id = a.id
WHERE e.event_type IN ('executive_appointment', 'executive_departure');

CREATE VIEW digital_initiatives AS
SELECT
    a.published_at, e.company, e.technology, e.partner, e.event_type, a.source, a.title, a.url,
    a.id AS article_id, a.story_id
FROM events e
JOIN articles a ON a.id = e.article_id
JOIN stories s ON s.first_article_id = a.id
WHERE e.event_type IN ('digital_launch', 'digital_partnership')
   OR (e.technology IS NOT NULL AND a.pillar = 'digital');
