-- The corrected articles as they read now (corrections applied), with the fields analysts corrected.
WITH corrected AS (
    SELECT article_id, list(DISTINCT field ORDER BY field) AS corrected_fields,
           list(DISTINCT author ORDER BY author) AS corrected_by, max(corrected_at) AS last_corrected_at
    FROM article_corrections
    GROUP BY article_id
)
SELECT a.id, a.url, a.published_at, a.dated_at, a.title, a.text, a.pillar, a.pillars, a.event_type,
       a.subject_company, a.amount_value, a.amount_currency, a.locations, a.modalities, c.corrected_fields,
       c.corrected_by, c.last_corrected_at
FROM corrected c
JOIN articles a ON a.id = c.article_id
ORDER BY a.id;
