-- Every copy of the chosen stories (all first dated on or after $since): the links a digest item lists, and
-- the lead its summary is taken from. No dated copy is older than its story, so $since lets DuckDB skip old
-- data; undated copies are taken whatever their first-seen date.
SELECT
    a.story_id, a.id, a.source, a.url, a.title, a.published_at,
    left(a.text, 600) AS lead,
    a.evidence
FROM articles a
WHERE (a.published_at >= $since OR a.published_at IS NULL)
  AND a.story_id IN (SELECT unnest($story_ids::VARCHAR[]))
ORDER BY a.story_id, a.published_at NULLS LAST, a.id;
