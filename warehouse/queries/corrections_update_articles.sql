-- The corrected articles' facts set to their corrected values (the registered table corrected_articles);
-- loaded_at moves so the read-side indexes pick them up.
UPDATE articles
SET pillar = c.pillar, pillars = c.pillars, event_type = c.event_type, subject_company = c.subject_company,
    amount_value = c.amount_value, amount_currency = c.amount_currency, amount_usd = c.amount_usd,
    locations = c.locations, modalities = c.modalities, loaded_at = $loaded_at
FROM corrected_articles c
WHERE articles.id = c.id;
