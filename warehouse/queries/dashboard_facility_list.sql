-- after dashboard_facilities_frames: the facility table, newest first, $limit rows, with the total count;
-- titles and links are joined to those rows only.
, newest AS (
    SELECT *, count(*) OVER () AS total
    FROM facilities
    ORDER BY dated_at DESC, article_id
    LIMIT $limit
)
SELECT
    n.dated_at, n.date_is_first_seen, n.company, n.site, n.country, n.amount_usd, n.modality, n.capacity,
    n.event_type, n.source,
    a.title, a.url, n.article_id, n.total
FROM newest n
JOIN articles a ON a.id = n.article_id AND a.dated_at = n.dated_at  -- the date lets zone maps skip old row groups
ORDER BY n.dated_at DESC, n.article_id;
