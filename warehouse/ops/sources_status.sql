-- Each source's latest run: its health against its own history, broken and degraded first.
SELECT source, started_at, status, health, health_reason, articles_found, articles_new
FROM pipeline_runs p
WHERE source <> '*'
  AND started_at = (SELECT max(q.started_at) FROM pipeline_runs q WHERE q.source = p.source)
ORDER BY CASE health WHEN 'broken' THEN 0 WHEN 'degraded' THEN 1 WHEN 'healthy' THEN 2 ELSE 3 END, source;
