-- after dashboard_filtered: the CTE `moves`: appointments and departures, one row per story and person,
-- from the story's earliest article the filters select.
, moves_frames AS (
    SELECT
        f.dated_at, f.date_is_first_seen,
        coalesce(e.company, f.subject_company) AS company, e.person,
        coalesce(e.role, 'unspecified') AS role,
        coalesce(e.action, CASE e.event_type WHEN 'executive_departure' THEN 'departed' ELSE 'appointed' END)
            AS action,
        f.source, f.id AS article_id, f.story_key
    FROM filtered f
    JOIN events e ON e.article_id = f.id
    WHERE e.event_type IN ('executive_appointment', 'executive_departure')
),
moves AS (
    SELECT * FROM moves_frames
    QUALIFY row_number() OVER (PARTITION BY story_key, coalesce(person, '') ORDER BY dated_at, article_id) = 1
)
