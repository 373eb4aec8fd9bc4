SELECT person, role, company
FROM article_people
WHERE article_id = $id
ORDER BY position;
