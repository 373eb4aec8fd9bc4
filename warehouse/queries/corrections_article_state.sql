-- The facts of one article that an analyst's correction may override (warehouse/corrections_apply.py).
SELECT pillar, pillars, event_type, subject_company, amount_value, amount_currency, amount_usd, locations,
       modalities, year(dated_at) AS year
FROM articles
WHERE id = $id;
