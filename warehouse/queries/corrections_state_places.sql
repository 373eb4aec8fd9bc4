SELECT article_id, text, city, region, country, lat, lon
FROM article_places
WHERE article_id IN (SELECT id FROM corrected_ids)
ORDER BY article_id, position;
