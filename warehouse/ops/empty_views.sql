-- No operational file yet (nothing has run or been sent): the same views, empty.
CREATE OR REPLACE {temporary}VIEW {catalog}.main.pipeline_runs AS
SELECT NULL::VARCHAR AS run_id, NULL::VARCHAR AS source, NULL::TIMESTAMPTZ AS started_at,
       NULL::TIMESTAMPTZ AS finished_at, NULL::VARCHAR AS status, NULL::INTEGER AS pages_fetched,
       NULL::INTEGER AS articles_new, NULL::INTEGER AS articles_updated, NULL::INTEGER AS articles_skipped,
       NULL::JSON AS errors, NULL::VARCHAR AS message, NULL::INTEGER AS articles_quarantined
WHERE false;

CREATE OR REPLACE {temporary}VIEW {catalog}.main.digests AS
SELECT NULL::VARCHAR AS team, NULL::VARCHAR AS iso_week, NULL::TIMESTAMPTZ AS generated_at,
       NULL::TIMESTAMPTZ AS sent_at, NULL::VARCHAR[] AS recipients, NULL::VARCHAR AS subject,
       NULL::VARCHAR AS markdown, NULL::VARCHAR AS html, NULL::VARCHAR AS text, NULL::VARCHAR AS status,
       NULL::VARCHAR AS error, NULL::VARCHAR AS message_id
WHERE false;
