-- The facts of the corrected articles (the registered table corrected_ids) that corrections may override.
SELECT id AS article_id, pillar, pillars, event_type, subject_company, amount_value, amount_currency, amount_usd,
       locations, modalities, year(dated_at) AS year
FROM articles
WHERE id IN (SELECT id FROM corrected_ids);
