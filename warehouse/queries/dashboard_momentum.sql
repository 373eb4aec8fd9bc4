-- after dashboard_filtered: stories per company, modality and region, in the recent window (from $recent)
-- and before it (the baseline). $region_countries and $region_names are parallel lists: country → region.
, regions AS (
    SELECT unnest($region_countries::VARCHAR[]) AS country, unnest($region_names::VARCHAR[]) AS region
),
keyed AS (
    SELECT 'company' AS dimension, subject_company AS key, story_key, dated_at
    FROM filtered WHERE subject_company IS NOT NULL
    UNION ALL
    SELECT 'modality', unnest(modalities), story_key, dated_at FROM filtered
    UNION ALL
    SELECT 'region', r.region, p.story_key, p.dated_at
    FROM (SELECT unnest(countries) AS country, story_key, dated_at FROM filtered) p
    JOIN regions r USING (country)
)
SELECT
    dimension, key,
    count(DISTINCT story_key) FILTER (WHERE dated_at >= $recent) AS recent,
    count(DISTINCT story_key) FILTER (WHERE dated_at < $recent) AS baseline
FROM keyed
GROUP BY ALL;
