-- Articles already loaded that a new article published between $start and $end could be a copy of.
SELECT
    a.id, a.published_at, list(c.company ORDER BY c.position) FILTER (WHERE c.company IS NOT NULL),
    a.title, any_value(e.embedding), a.story_id
FROM articles a
LEFT JOIN article_companies c ON c.article_id = a.id
LEFT JOIN article_embeddings e ON e.article_id = a.id
WHERE a.published_at BETWEEN $start AND $end
GROUP BY a.id, a.published_at, a.title, a.story_id;
