-- The other copies of one article's story (syndicated or re-published elsewhere), earliest first.
SELECT b.id, b.published_at, b.source, b.title, b.url
FROM articles a
JOIN articles b ON b.story_id = a.story_id AND b.id <> a.id
WHERE a.id = $id
ORDER BY b.published_at NULLS LAST, b.id;
