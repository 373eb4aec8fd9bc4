-- Rebuild the stories a batch touched (its new stories and the ones its replaced rows belonged to).
-- A story's first article is its earliest dated one; a story of undated articles only (first_published_at
-- null) is dated by the one first seen, flagged date_is_first_seen.
DELETE FROM stories WHERE story_id IN (SELECT story_id FROM touched_stories);

INSERT INTO stories
WITH members AS (
    SELECT * FROM articles WHERE story_id IN (SELECT story_id FROM touched_stories)
),
ranked AS (
    SELECT
        story_id,
        arg_min(id, (published_at IS NULL, coalesce(published_at, fetched_at, TIMESTAMPTZ '9999-12-31'), id))
            AS first_article_id,
        min(published_at) AS first_published_at,
        coalesce(min(published_at), min(fetched_at)) AS first_dated_at,
        count(*) AS articles,
        list(DISTINCT source ORDER BY source) AS sources
    FROM members
    GROUP BY story_id
)
SELECT
    r.story_id, r.first_article_id, a.source, r.first_published_at, a.title, a.pillar, r.articles, r.sources,
    r.first_dated_at, r.first_published_at IS NULL AS date_is_first_seen
FROM ranked r
JOIN articles a ON a.id = r.first_article_id;
