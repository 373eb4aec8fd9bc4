-- Each source's latest run with its health against its own history: broken first, then degraded.
SELECT source, started_at, status, health, health_reason, articles_found, articles_new, dated_share, median_words
FROM pipeline_runs
WHERE source <> '*'
QUALIFY row_number() OVER (PARTITION BY source ORDER BY started_at DESC, run_id DESC) = 1
ORDER BY CASE health WHEN 'broken' THEN 0 WHEN 'degraded' THEN 1 WHEN 'healthy' THEN 2 ELSE 3 END, source;
