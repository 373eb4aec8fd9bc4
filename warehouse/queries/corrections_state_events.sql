SELECT article_id, event_type, pillar, company, person, role, action, location, country, lat, lon, amount_usd,
       modality, technology, partner, capacity
FROM events
WHERE article_id IN (SELECT id FROM corrected_ids)
ORDER BY article_id, position;
