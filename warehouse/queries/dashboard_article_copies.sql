-- The other copies of one article's story (syndicated or re-published elsewhere), earliest first.
SELECT
    b.id, b.dated_at, b.published_at IS NULL AS date_is_first_seen,
    b.source, b.title, b.url
FROM articles a
JOIN articles b ON b.story_id = a.story_id AND b.id <> a.id
WHERE a.id = $id
ORDER BY b.published_at IS NULL, b.dated_at NULLS LAST, b.id;
