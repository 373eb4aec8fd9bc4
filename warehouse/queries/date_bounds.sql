SELECT min(published_at)::DATE AS first_day, max(published_at)::DATE AS last_day,
       list(DISTINCT source ORDER BY source) AS sources
FROM articles;
