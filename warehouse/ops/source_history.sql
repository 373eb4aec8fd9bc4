-- A source's previous runs, newest first: what the health check compares a run with.
SELECT status, articles_found, pages_fetched, errors, dated_share, median_words
FROM pipeline_runs
WHERE source = :source AND run_id <> :run_id AND articles_found IS NOT NULL
ORDER BY started_at DESC
LIMIT :limit;
