-- The knowledge-base queue: organisations kept by enrichment that the knowledge base did not know, with how many
-- articles name them, when last, and the newest few articles as examples.
WITH named AS (
    SELECT c.company, a.id, a.title, a.url, coalesce(a.published_at, a.fetched_at) AS dated
    FROM article_companies c
    JOIN articles a ON a.id = c.article_id
    WHERE c.in_knowledge_base = false
),
ranked AS (
    SELECT *, row_number() OVER (PARTITION BY company ORDER BY dated DESC NULLS LAST, id) AS rank
    FROM named
)
SELECT
    company,
    count(*) AS articles,
    max(dated) AS last_seen,
    list({'id': id, 'title': title, 'url': url} ORDER BY rank) FILTER (WHERE rank <= $examples) AS examples
FROM ranked
GROUP BY company
ORDER BY articles DESC, company
LIMIT $limit;
