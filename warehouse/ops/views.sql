-- The operational tables as readers of the warehouse see them (typed), over the SQLite file attached as `ops`.
CREATE OR REPLACE {temporary}VIEW {catalog}.main.pipeline_runs AS
SELECT run_id, source, started_at::TIMESTAMPTZ AS started_at, finished_at::TIMESTAMPTZ AS finished_at, status,
       pages_fetched::INTEGER AS pages_fetched, articles_new::INTEGER AS articles_new,
       articles_updated::INTEGER AS articles_updated, articles_skipped::INTEGER AS articles_skipped,
       errors::JSON AS errors, message, articles_quarantined::INTEGER AS articles_quarantined
FROM ops.pipeline_runs;

CREATE OR REPLACE {temporary}VIEW {catalog}.main.digests AS
SELECT team, iso_week, generated_at::TIMESTAMPTZ AS generated_at, sent_at::TIMESTAMPTZ AS sent_at,
       from_json(recipients, '["VARCHAR"]') AS recipients, subject, markdown, html, text, status, error, message_id
FROM ops.digests;
