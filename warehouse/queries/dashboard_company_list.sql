-- Companies to pick from on the Companies page: every company any article names, most-named first, with its
-- knowledge-base type. $type keeps the companies of one type (null: every company).
SELECT c.company, count(*) AS articles, coalesce(k.in_knowledge_base, false) AS in_knowledge_base, k.type
FROM article_companies c
LEFT JOIN companies k ON k.name = c.company
WHERE $type::VARCHAR IS NULL OR k.type = $type::VARCHAR
GROUP BY c.company, k.in_knowledge_base, k.type
ORDER BY articles DESC, c.company
LIMIT $limit;
