-- A re-recorded run replaces its rows.
DELETE FROM pipeline_runs WHERE run_id = :run_id;
