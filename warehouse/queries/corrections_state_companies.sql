SELECT article_id, company, role
FROM article_companies
WHERE article_id IN (SELECT id FROM corrected_ids)
ORDER BY article_id, position;
