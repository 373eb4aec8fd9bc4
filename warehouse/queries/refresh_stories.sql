-- Rebuild the stories a batch touched (its new stories and the ones its replaced rows belonged to).
DELETE FROM stories WHERE story_id IN (SELECT story_id FROM touched_stories);

INSERT INTO stories
WITH members AS (
    SELECT * FROM articles WHERE story_id IN (SELECT story_id FROM touched_stories)
),
ranked AS (
    SELECT
        story_id,
        arg_min(id, (coalesce(published_at, TIMESTAMPTZ '9999-12-31'), id)) AS first_article_id,
        min(published_at) AS first_published_at,
        count(*) AS articles,
        list(DISTINCT source ORDER BY source) AS sources
    FROM members
    GROUP BY story_id
)
SELECT r.story_id, r.first_article_id, a.source, r.first_published_at, a.title, a.pillar, r.articles, r.sources
FROM ranked r
JOIN articles a ON a.id = r.first_article_id;
