-- The digest's stories: every story first published in [$start, $end) (a story of undated articles only: first
-- seen then, date_is_first_seen), with what the digest filters and ranks
-- it by, all taken from the story's first article as the analyst views take them: its facts, and its event
-- frames counted the way facility_investments, leadership_changes and digital_initiatives count them
-- (tests/test_digest_content.py checks the two agree). The views themselves are not joined here: they join
-- every event to every story, a full scan per view on a large warehouse. The companies a story names come from
-- digest_story_companies.sql, for the few companies the digest asks about.
WITH window_stories AS MATERIALIZED (
    SELECT story_id, first_article_id, first_dated_at, date_is_first_seen, title, pillar, articles, sources
    FROM stories
    WHERE first_dated_at >= $start AND first_dated_at < $end
),
firsts AS (
    -- A first article is dated when its story is: the date bound lets DuckDB skip old row groups.
    SELECT a.id, a.event_type, a.subject_company, a.amount_usd, a.modalities
    FROM articles a
    WHERE a.dated_at >= $start AND a.dated_at < $end
      AND a.id IN (SELECT first_article_id FROM window_stories)
),
signals AS (
    SELECT
        e.article_id,
        list_distinct(list(e.country) FILTER (WHERE e.country IS NOT NULL)) AS countries,
        sum(e.amount_usd) FILTER (WHERE e.event_type IN ('facility_opening', 'facility_investment',
                                                         'capacity_expansion', 'site_acquisition')) AS facility_usd,
        count(*) FILTER (WHERE e.event_type IN ('facility_opening', 'facility_investment', 'capacity_expansion',
                                                'site_acquisition')) AS facility_events,
        count(*) FILTER (WHERE e.event_type IN ('executive_appointment', 'executive_departure')) AS leadership_moves,
        count(*) FILTER (WHERE e.event_type IN ('digital_launch', 'digital_partnership')
                            OR (e.technology IS NOT NULL AND ws.pillar = 'digital')) AS digital_initiatives
    FROM events e
    JOIN window_stories ws ON ws.first_article_id = e.article_id
    GROUP BY e.article_id
),
places AS (
    -- Countries of the places the enricher resolved (article_places), never guessed again from written text.
    SELECT p.article_id, list_distinct(list(p.country) FILTER (WHERE p.country IS NOT NULL)) AS countries
    FROM article_places p
    WHERE p.article_id IN (SELECT first_article_id FROM window_stories)
    GROUP BY p.article_id
)
SELECT
    ws.story_id,
    ws.first_article_id,
    ws.first_dated_at,
    ws.date_is_first_seen,
    date_trunc('week', ws.first_dated_at AT TIME ZONE 'UTC')::DATE AS week,
    ws.title,
    ws.pillar,
    f.event_type,
    f.subject_company,
    f.amount_usd,
    ws.articles,
    len(ws.sources) AS outlets,
    -- Lists as JSON text: a DataFrame of tens of thousands of list cells costs more to build than the query.
    to_json(coalesce(f.modalities, []))::VARCHAR AS modalities,
    to_json(list_distinct(coalesce(s.countries, []) || coalesce(p.countries, [])))::VARCHAR AS countries,
    subject.hq_country AS subject_country,
    coalesce(subject.is_cdmo, false) AS subject_is_cdmo,
    coalesce(subject.in_knowledge_base, false) AS subject_known,
    coalesce(s.facility_usd, 0) AS facility_usd,
    coalesce(s.facility_events, 0) AS facility_events,
    coalesce(s.leadership_moves, 0) AS leadership_moves,
    coalesce(s.digital_initiatives, 0) AS digital_initiatives
FROM window_stories ws
LEFT JOIN firsts f ON f.id = ws.first_article_id
LEFT JOIN signals s ON s.article_id = ws.first_article_id
LEFT JOIN places p ON p.article_id = ws.first_article_id
LEFT JOIN companies subject ON subject.name = f.subject_company;
