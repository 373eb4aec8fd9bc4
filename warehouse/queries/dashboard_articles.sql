-- after dashboard_filtered: the articles behind a chart mark, newest first, with their total count.
-- Beyond the sidebar filters a drill-down may ask for an event frame with given properties: $frame_types,
-- $locations, $frame_countries, $frame_modalities, $technologies, $roles, $actions (an empty list means
-- "any"; a missing value matches 'unspecified'). $limit caps the rows returned,
-- never the count; titles are joined to those rows only.
, framed AS (
    SELECT DISTINCT article_id
    FROM events
    WHERE $by_frame  -- without it the events table is scanned even when no frame is asked for
      AND (len($frame_types::VARCHAR[]) = 0 OR list_contains($frame_types::VARCHAR[], event_type))
      AND (len($locations::VARCHAR[]) = 0 OR list_contains($locations::VARCHAR[], coalesce(location, 'unspecified')))
      AND (len($frame_countries::VARCHAR[]) = 0
           OR list_contains($frame_countries::VARCHAR[], coalesce(country, 'unspecified')))
      AND (len($frame_modalities::VARCHAR[]) = 0
           OR list_contains($frame_modalities::VARCHAR[], coalesce(modality, 'unspecified')))
      AND (len($technologies::VARCHAR[]) = 0
           OR list_contains($technologies::VARCHAR[], coalesce(technology, 'unspecified')))
      AND (len($roles::VARCHAR[]) = 0 OR list_contains($roles::VARCHAR[], coalesce(role, 'unspecified')))
      AND (len($actions::VARCHAR[]) = 0 OR list_contains($actions::VARCHAR[], coalesce(action, 'unspecified')))
),
narrowed AS (
    SELECT f.id, f.dated_at, f.date_is_first_seen
    FROM filtered f
    WHERE NOT $by_frame OR f.id IN (SELECT article_id FROM framed)
),
newest AS (
    SELECT *, count(*) OVER () AS total FROM narrowed ORDER BY dated_at DESC, id LIMIT $limit
)
SELECT
    n.dated_at, n.date_is_first_seen, a.title, a.source, a.pillar, a.event_type, a.subject_company, a.amount_usd,
    a.url, a.id,
    n.total
FROM newest n
JOIN articles a ON a.id = n.id AND a.dated_at = n.dated_at  -- the date lets zone maps skip old row groups
ORDER BY n.dated_at DESC, a.id;
