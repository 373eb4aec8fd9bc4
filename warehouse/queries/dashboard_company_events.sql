-- after dashboard_filtered: the event frames in which the company (first of $companies) acts, newest first,
-- one per story and frame; titles and links are joined to the $limit rows returned only.
, frames AS (
    SELECT
        f.dated_at, f.date_is_first_seen,
        e.event_type, e.person, e.role, e.action, e.location, e.country, e.amount_usd,
        e.modality, e.technology, e.partner, e.capacity, f.source, f.id AS article_id
    FROM filtered f
    JOIN events e ON e.article_id = f.id
    WHERE coalesce(e.company, f.subject_company) = $companies[1] OR e.partner = $companies[1]
    QUALIFY row_number() OVER (PARTITION BY f.story_key, e.event_type, coalesce(e.person, ''),
                                            coalesce(e.location, '') ORDER BY f.dated_at, f.id) = 1
    ORDER BY f.dated_at DESC, f.id
    LIMIT $limit
)
SELECT fr.*, a.title, a.url
FROM frames fr
JOIN articles a ON a.id = fr.article_id AND a.dated_at = fr.dated_at  -- the date lets zone maps skip old row groups
ORDER BY fr.dated_at DESC, fr.article_id;
