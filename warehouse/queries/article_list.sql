SELECT
    published_at, title, source, pillar, event_type, subject_company, amount_usd, url, id
FROM articles
WHERE (published_at IS NULL OR published_at::DATE BETWEEN $start AND $end)
  AND (len($pillars) = 0 OR list_contains($pillars, pillar))
  AND (len($sources) = 0 OR list_contains($sources, source))
  AND ($search = '' OR title ILIKE '%' || $search || '%' OR subject_company ILIKE '%' || $search || '%')
ORDER BY published_at DESC NULLS LAST
LIMIT 500;
