-- An undated article (published_at null) is dated by when it was first seen: a later load of the same story keeps
-- the earliest fetched_at (earlier_fetches holds the replaced rows' values), so a re-fetch does not move it in time.
INSERT INTO articles
WITH incoming AS (
    SELECT
        i.* REPLACE (
            CASE
                WHEN try_cast(i.published_at AS TIMESTAMPTZ) IS NULL
                THEN least(try_cast(i.fetched_at AS TIMESTAMPTZ), e.fetched_at)
                ELSE try_cast(i.fetched_at AS TIMESTAMPTZ)
            END AS fetched_at
        )
    FROM incoming_articles i
    LEFT JOIN earlier_fetches e ON e.id = i.id
)
SELECT
    id, url, canonical_url, source, title,
    try_cast(published_at AS TIMESTAMPTZ),
    fetched_at,
    author, text, lang, discovered_via, story_id, pillar, pillars,
    pillar_scores::JSON,
    event_type, subject_company, amount_value, amount_currency, amount_usd,
    modalities, locations, evidence,
    try_cast(enriched_at AS TIMESTAMPTZ),
    model_version,
    ? AS loaded_at,
    date_source,
    coalesce(try_cast(published_at AS TIMESTAMPTZ), fetched_at) AS dated_at,
    is_teaser
FROM incoming;
