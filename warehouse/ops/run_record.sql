INSERT INTO pipeline_runs (run_id, source, started_at, finished_at, status, pages_fetched, articles_new,
                           articles_updated, articles_skipped, errors, message, articles_quarantined,
                           articles_found, dated_share, median_words, health, health_reason)
VALUES (:run_id, :source, :started_at, :finished_at, :status, :pages_fetched, :articles_new, :articles_updated,
        :articles_skipped, :errors, :message, :articles_quarantined, :articles_found, :dated_share, :median_words,
        :health, :health_reason);
