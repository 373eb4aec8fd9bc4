-- Every copy of the chosen stories (all first dated on or after $since): the links a digest item lists, and
-- the lead its summary is taken from. No copy is older than its story (an undated article is a story of its
-- own), so $since lets DuckDB skip old data.
SELECT
    a.story_id, a.id, a.source, a.url, a.title, a.published_at,
    left(a.text, 600) AS lead,
    a.evidence
FROM articles a
WHERE a.dated_at >= $since
  AND a.story_id IN (SELECT unnest($story_ids::VARCHAR[]))
ORDER BY a.story_id, a.published_at NULLS LAST, a.id;
