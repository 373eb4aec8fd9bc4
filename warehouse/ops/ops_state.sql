-- Cheap to ask before every read: moves whenever a run, a digest or a correction is recorded.
SELECT (SELECT count(*) FROM pipeline_runs) AS runs, (SELECT max(finished_at) FROM pipeline_runs) AS last_run,
       (SELECT count(*) FROM digests) AS digests, (SELECT max(generated_at) FROM digests) AS last_digest,
       (SELECT count(*) FROM article_corrections) AS corrections;
