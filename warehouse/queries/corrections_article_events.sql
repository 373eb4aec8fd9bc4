SELECT event_type, pillar, company, person, role, action, location, country, lat, lon, amount_usd, modality,
       technology, partner, capacity
FROM events
WHERE article_id = $id
ORDER BY position;
