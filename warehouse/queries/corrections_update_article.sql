-- An article's facts set to their corrected values; loaded_at moves so the read-side indexes pick it up.
UPDATE articles
SET pillar = $pillar, pillars = $pillars, event_type = $event_type, subject_company = $subject_company,
    amount_value = $amount_value, amount_currency = $amount_currency, amount_usd = $amount_usd,
    locations = $locations, modalities = $modalities, loaded_at = $loaded_at
WHERE id = $id;
