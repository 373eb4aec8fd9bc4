-- after dashboard_filtered: the CTE `initiatives`: digital launches, partnerships and technologies named
-- on digital articles, one row per story and technology, from the story's earliest article selected.
, initiatives_frames AS (
    SELECT
        f.dated_at, f.date_is_first_seen,
        coalesce(e.company, f.subject_company) AS company,
        coalesce(e.technology, 'unspecified') AS technology, e.partner, e.event_type,
        f.source, f.id AS article_id, f.story_key
    FROM filtered f
    JOIN events e ON e.article_id = f.id
    WHERE e.event_type IN ('digital_launch', 'digital_partnership')
       OR (e.technology IS NOT NULL AND f.pillar = 'digital')
),
initiatives AS (
    SELECT * FROM initiatives_frames
    QUALIFY row_number() OVER (PARTITION BY story_key, technology ORDER BY dated_at, article_id) = 1
)
