-- after dashboard_leadership_frames: the latest $limit moves at the $companies_shown companies with the most
-- moves, for the timeline (one point per move).
, busiest AS (
    SELECT company FROM moves WHERE company IS NOT NULL
    GROUP BY company ORDER BY count(*) DESC, company LIMIT $companies_shown
),
latest AS (
    SELECT dated_at, date_is_first_seen, company, person, role, action, article_id
    FROM moves
    WHERE company IN (SELECT company FROM busiest)
    ORDER BY dated_at DESC, article_id
    LIMIT $limit
)
SELECT l.*, a.title
FROM latest l
JOIN articles a ON a.id = l.article_id AND a.dated_at = l.dated_at  -- the date lets zone maps skip old row groups
ORDER BY l.dated_at DESC, l.article_id;
