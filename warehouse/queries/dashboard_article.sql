-- One article with everything the enrichment said about it, and its story.
SELECT
    a.id, a.url, a.canonical_url, a.source, a.title, a.published_at, a.fetched_at, a.date_source, a.author, a.text,
    a.lang, a.story_id, a.pillar, a.pillars, a.pillar_scores::VARCHAR AS pillar_scores, a.event_type,
    a.subject_company,
    a.amount_value, a.amount_currency, a.amount_usd, a.modalities, a.locations, a.evidence, a.enriched_at,
    a.model_version, s.articles AS story_articles, s.first_article_id AS story_first_article
FROM articles a
LEFT JOIN stories s ON s.story_id = a.story_id
WHERE a.id = $id;
