-- after dashboard_facilities_frames: announced facility capex per quarter, by region and by modality.
-- $region_countries and $region_names are parallel lists: country → region ('Unknown' when no country).
, regions AS (
    SELECT unnest($region_countries::VARCHAR[]) AS country, unnest($region_names::VARCHAR[]) AS region
)
SELECT
    'region' AS dimension,
    date_trunc('quarter', f.dated_at AT TIME ZONE 'UTC')::DATE AS quarter,
    coalesce(r.region, 'Unknown') AS key,
    sum(f.amount_usd) AS amount_usd,
    count(*) AS investments
FROM facilities f
LEFT JOIN regions r ON r.country = f.country
GROUP BY ALL
UNION ALL
SELECT
    'modality', date_trunc('quarter', dated_at AT TIME ZONE 'UTC')::DATE, coalesce(modality, 'unspecified'),
    sum(amount_usd), count(*)
FROM facilities
GROUP BY ALL
ORDER BY dimension, quarter, key;
