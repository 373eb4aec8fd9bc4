-- Companies to pick from on the Companies page: every company any article names, most-named first.
SELECT c.company, count(*) AS articles, coalesce(k.in_knowledge_base, false) AS in_knowledge_base
FROM article_companies c
LEFT JOIN companies k ON k.name = c.company
GROUP BY c.company, k.in_knowledge_base
ORDER BY articles DESC, c.company
LIMIT $limit;
