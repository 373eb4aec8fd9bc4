SELECT run_id, source, started_at, finished_at, status, pages_fetched, articles_new, articles_updated,
       articles_skipped, errors, message, articles_quarantined
FROM pipeline_runs;
