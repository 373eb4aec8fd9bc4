-- The companies and people one article names as parties to the news.
SELECT 'company' AS kind, company AS name, CASE WHEN is_subject THEN 'subject' END AS detail, position
FROM article_companies WHERE article_id = $id
UNION ALL
SELECT 'person', person, concat_ws(', ', role, company), position
FROM article_people WHERE article_id = $id
ORDER BY kind, position;
