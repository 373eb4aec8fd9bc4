-- The entity mentions of one article, in text order.
SELECT label, text, canonical, start_char, end_char
FROM article_entities
WHERE article_id = $id
ORDER BY start_char NULLS LAST, label, text;
