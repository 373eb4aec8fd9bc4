-- Articles already loaded that a new article could be a copy of: the ones published within one of the
-- `story_windows` (lo, hi; disjoint), with their companies. Embeddings are read apart (warehouse.story_load).
WITH hit AS (
    SELECT a.id, a.published_at, a.title, a.story_id
    FROM articles a
    JOIN story_windows w ON a.published_at BETWEEN w.lo AND w.hi
),
named AS (
    SELECT article_id, list(company) AS companies
    FROM article_companies
    WHERE company IS NOT NULL AND article_id IN (SELECT id FROM hit)
    GROUP BY article_id
)
SELECT hit.id, hit.published_at, hit.title, hit.story_id, named.companies
FROM hit
LEFT JOIN named ON named.article_id = hit.id
ORDER BY hit.published_at, hit.id;
