-- Companies (with their role) and people of the corrected articles, in article order.
SELECT 'company' AS kind, article_id, company AS name,
       coalesce(role, CASE WHEN is_subject THEN 'subject' ELSE 'mentioned' END) AS role, NULL AS company, NULL AS action,
       position
FROM article_companies
WHERE article_id IN (SELECT article_id FROM article_corrections)
UNION ALL
SELECT 'person', article_id, person, NULL, NULL, NULL, position
FROM article_people
WHERE article_id IN (SELECT article_id FROM article_corrections)
UNION ALL
SELECT 'role', article_id, person, role, company, action, position
FROM events
WHERE article_id IN (SELECT article_id FROM article_corrections) AND person IS NOT NULL
  AND event_type IN ('executive_appointment', 'executive_departure')
ORDER BY article_id, kind, position;
