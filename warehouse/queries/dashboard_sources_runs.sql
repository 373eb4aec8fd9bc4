-- The last $runs runs of each source, oldest first: what the Sources page charts.
SELECT source, run_id, started_at, status, coalesce(health, 'unknown') AS health, health_reason, articles_found,
       dated_share, median_words
FROM pipeline_runs
WHERE source <> '*'
QUALIFY row_number() OVER (PARTITION BY source ORDER BY started_at DESC, run_id DESC) <= $runs
ORDER BY source, started_at;
