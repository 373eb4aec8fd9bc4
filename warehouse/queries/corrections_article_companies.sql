SELECT company, role
FROM article_companies
WHERE article_id = $id
ORDER BY position;
