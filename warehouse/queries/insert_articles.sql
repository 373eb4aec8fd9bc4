INSERT INTO articles
SELECT
    id, url, canonical_url, source, title,
    try_cast(published_at AS TIMESTAMPTZ),
    try_cast(fetched_at AS TIMESTAMPTZ),
    author, text, lang, discovered_via, story_id, pillar, pillars,
    pillar_scores::JSON,
    event_type, subject_company, amount_value, amount_currency, amount_usd,
    modalities, locations, evidence,
    try_cast(enriched_at AS TIMESTAMPTZ),
    model_version,
    ? AS loaded_at,
    date_source,
    coalesce(try_cast(published_at AS TIMESTAMPTZ), try_cast(fetched_at AS TIMESTAMPTZ)) AS dated_at,
    is_teaser
FROM incoming_articles;
