-- after dashboard_leadership_frames: the latest $limit moves at the $companies_shown companies with the most
-- moves, for the timeline (one point per move).
, busiest AS (
    SELECT company FROM moves WHERE company IS NOT NULL
    GROUP BY company ORDER BY count(*) DESC, company LIMIT $companies_shown
),
latest AS (
    SELECT published_at, company, person, role, action, article_id
    FROM moves
    WHERE company IN (SELECT company FROM busiest)
    ORDER BY published_at DESC, article_id
    LIMIT $limit
)
SELECT l.*, a.title
FROM latest l
JOIN articles a ON a.id = l.article_id AND a.published_at = l.published_at  -- the date lets zone maps skip old row groups
ORDER BY l.published_at DESC, l.article_id;
