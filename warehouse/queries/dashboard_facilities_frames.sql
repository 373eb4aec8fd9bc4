-- after dashboard_filtered: the CTE `facilities`: facility openings, investments, expansions and site
-- acquisitions, one row per story and site, from the story's earliest article the filters select.
, facilities_frames AS (
    SELECT
        f.dated_at, f.date_is_first_seen,
        coalesce(e.company, f.subject_company) AS company, e.location AS site, e.country,
        e.lat, e.lon, coalesce(e.amount_usd, f.amount_usd) AS amount_usd, e.modality, e.capacity,
        e.event_type, f.source, f.id AS article_id, f.story_key
    FROM filtered f
    JOIN events e ON e.article_id = f.id
    WHERE e.event_type IN ('facility_opening', 'facility_investment', 'capacity_expansion', 'site_acquisition')
),
facilities AS (
    SELECT * FROM facilities_frames
    QUALIFY row_number() OVER (PARTITION BY story_key, coalesce(site, '') ORDER BY dated_at, article_id) = 1
)
