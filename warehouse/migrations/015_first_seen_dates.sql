-- Undated articles (published_at null) count on the day they were first seen (fetched_at): every date a trend,
-- period or view uses is articles.dated_at = coalesce(published_at, fetched_at), written at load (a stored
-- column, so scans and joins on it skip row groups by their zone maps), with `date_is_first_seen`
-- (published_at is null) saying which of the two it is. Stories carry the same for their first article; a
-- company's first_seen_at counts undated articles on their first-seen date too.
ALTER TABLE articles ADD COLUMN dated_at TIMESTAMPTZ;
UPDATE articles SET dated_at = coalesce(published_at, fetched_at);

ALTER TABLE stories ADD COLUMN first_dated_at TIMESTAMPTZ;
ALTER TABLE stories ADD COLUMN date_is_first_seen BOOLEAN;

UPDATE stories SET
    first_dated_at = coalesce(stories.first_published_at, a.fetched_at),
    date_is_first_seen = stories.first_published_at IS NULL
FROM articles a
WHERE a.id = stories.first_article_id;

UPDATE companies SET first_seen_at = m.first_seen_at
FROM (
    SELECT c.company, min(a.dated_at) AS first_seen_at
    FROM article_companies c
    JOIN articles a ON a.id = c.article_id
    WHERE a.published_at IS NULL
    GROUP BY c.company
) m
WHERE companies.name = m.company AND (companies.first_seen_at IS NULL OR m.first_seen_at < companies.first_seen_at);

CREATE OR REPLACE VIEW pillar_weekly AS
WITH dated AS (
    SELECT
        date_trunc('week', dated_at AT TIME ZONE 'UTC')::DATE AS week,
        pillar,
        id,
        coalesce(story_id, id) AS story,
        published_at IS NULL AS date_is_first_seen
    FROM articles
    WHERE dated_at IS NOT NULL AND pillar IS NOT NULL
)
SELECT
    week, pillar, count(*) AS articles, count(DISTINCT story) AS stories,
    count(*) FILTER (WHERE date_is_first_seen) AS first_seen_articles
FROM dated
GROUP BY week, pillar;

CREATE OR REPLACE VIEW company_activity AS
WITH mentions AS (
    SELECT
        c.company,
        date_trunc('month', a.dated_at AT TIME ZONE 'UTC')::DATE AS month,
        a.pillar,
        a.id,
        coalesce(a.story_id, a.id) AS story,
        CASE WHEN c.is_subject THEN a.amount_usd END AS amount_usd,
        a.published_at IS NULL AS date_is_first_seen
    FROM article_companies c
    JOIN articles a ON a.id = c.article_id
    WHERE a.dated_at IS NOT NULL
      AND coalesce(c.role, 'counterparty') <> 'mentioned'
)
SELECT
    company, month, pillar,
    count(*) AS articles,
    count(DISTINCT story) AS stories,
    sum(amount_usd) AS announced_usd,
    count(*) FILTER (WHERE date_is_first_seen) AS first_seen_articles
FROM mentions
GROUP BY company, month, pillar;

CREATE OR REPLACE VIEW facility_investments AS
SELECT
    a.published_at, a.dated_at AS dated_at, a.published_at IS NULL AS date_is_first_seen,
    e.company, e.event_type, e.location, e.country, e.lat, e.lon, e.amount_usd, e.modality,
    e.capacity, a.source, a.title, a.url, a.id AS article_id, a.story_id
FROM events e
JOIN articles a ON a.id = e.article_id
JOIN stories s ON s.first_article_id = a.id          -- one row per story, from its first article
WHERE e.event_type IN ('facility_opening', 'facility_investment', 'capacity_expansion', 'site_acquisition');

CREATE OR REPLACE VIEW leadership_changes AS
SELECT
    a.published_at, a.dated_at AS dated_at, a.published_at IS NULL AS date_is_first_seen,
    e.company, e.person, e.role, e.action, e.event_type, a.source, a.title, a.url,
    a.id AS article_id, a.story_id
FROM events e
JOIN articles a ON a.id = e.article_id
JOIN stories s ON s.first_article_id = a.id
WHERE e.event_type IN ('executive_appointment', 'executive_departure');

CREATE OR REPLACE VIEW digital_initiatives AS
SELECT
    a.published_at, a.dated_at AS dated_at, a.published_at IS NULL AS date_is_first_seen,
    e.company, e.technology, e.partner, e.event_type, a.source, a.title, a.url,
    a.id AS article_id, a.story_id
FROM events e
JOIN articles a ON a.id = e.article_id
JOIN stories s ON s.first_article_id = a.id
WHERE e.event_type IN ('digital_launch', 'digital_partnership')
   OR (e.technology IS NOT NULL AND a.pillar = 'digital');
