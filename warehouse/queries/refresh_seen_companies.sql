-- Companies named in the batch: unknown ones are added (not in the knowledge base); first_seen_at kept earliest
-- (an undated article counts on the day it was first seen).
INSERT INTO companies (name, aliases, parent, hq_country, is_cdmo, in_knowledge_base, first_seen_at)
SELECT c.company, [], NULL, NULL, NULL, false, min(a.dated_at)
FROM incoming_article_companies c
JOIN incoming_articles i ON i.id = c.article_id
JOIN articles a ON a.id = i.id
GROUP BY c.company
ON CONFLICT (name) DO UPDATE SET first_seen_at = CASE
    WHEN companies.first_seen_at IS NULL THEN excluded.first_seen_at
    WHEN excluded.first_seen_at IS NULL THEN companies.first_seen_at
    ELSE least(companies.first_seen_at, excluded.first_seen_at) END;
