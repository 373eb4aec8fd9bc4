SELECT *, strftime(started_at, '%Y-%m') AS month FROM pipeline_runs
