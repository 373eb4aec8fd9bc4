SELECT article_id, person, role, company
FROM article_people
WHERE article_id IN (SELECT id FROM corrected_ids)
ORDER BY article_id, position;
