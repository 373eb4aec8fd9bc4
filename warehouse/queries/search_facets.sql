-- One row per article (undated ones on their first-seen date) with everything the dashboard filters and counts
-- on, keyed and listed so a filter is a scan of one table: all parties named (companies), where it happened
-- (the countries of its event frames, else its subject company's HQ country), its story as a number, and one
-- key per leadership move (story and person) so syndicated copies count once. Materialised as search.facets by
-- warehouse/facet_index.py after each load (sorted by date, so a period filter skips most of the table);
-- the dashboard reads this query itself, slower, from a warehouse that was never refreshed.
-- dated_at (articles.dated_at) is the date every trend, period and list uses: published_at, else when the
-- article was first seen (the crawler found no date), flagged by date_is_first_seen.
WITH frames AS (
    SELECT
        e.article_id,
        list(DISTINCT e.country) FILTER (WHERE e.country IS NOT NULL) AS countries,
        list(DISTINCT hash(coalesce(a.story_id, a.id), coalesce(e.person, '')))
            FILTER (WHERE e.event_type IN ('executive_appointment', 'executive_departure')) AS move_keys
    FROM events e
    JOIN articles a ON a.id = e.article_id
    GROUP BY e.article_id
),
parties AS (
    SELECT article_id, list(DISTINCT company) AS companies FROM article_companies GROUP BY article_id
)
SELECT
    a.id,
    a.dated_at,
    a.published_at IS NULL AS date_is_first_seen,
    a.source, a.pillar, a.event_type, a.subject_company, a.amount_usd,
    coalesce(a.modalities, []) AS modalities,
    coalesce(a.story_id, a.id) AS story,
    hash(coalesce(a.story_id, a.id)) AS story_key,
    coalesce(p.companies, []) AS companies,
    CASE WHEN len(coalesce(f.countries, [])) > 0 THEN f.countries
         WHEN c.hq_country IS NOT NULL THEN [c.hq_country]
         ELSE [] END AS countries,
    coalesce(f.move_keys, []) AS move_keys
FROM articles a
LEFT JOIN frames f ON f.article_id = a.id
LEFT JOIN parties p ON p.article_id = a.id
LEFT JOIN companies c ON c.name = a.subject_company
WHERE a.dated_at IS NOT NULL
ORDER BY dated_at, a.id
