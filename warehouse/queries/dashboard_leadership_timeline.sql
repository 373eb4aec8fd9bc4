-- after dashboard_leadership_frames: the latest $limit moves at the $companies_shown companies with the most
-- moves, for the timeline (one point per move).
, busiest AS (
    SELECT company FROM moves WHERE company IS NOT NULL
    GROUP BY company ORDER BY count(*) DESC, company LIMIT $companies_shown
),
latest AS (
    SELECT published_at, dated_at, date_is_first_seen, company, person, role, action, article_id
    FROM moves
    WHERE company IN (SELECT company FROM busiest)
    ORDER BY dated_at DESC, article_id
    LIMIT $limit
)
SELECT l.* EXCLUDE (published_at), a.title
FROM latest l
-- the date lets zone maps skip old row groups (an undated article matches on null)
JOIN articles a ON a.id = l.article_id AND a.published_at IS NOT DISTINCT FROM l.published_at
ORDER BY l.dated_at DESC, l.article_id;
