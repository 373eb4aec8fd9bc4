-- The operational tables as readers of the warehouse see them (typed), copied from the store's rows
-- (registered as ops_pipeline_runs_rows and ops_digests_rows; every column arrives as text).
CREATE OR REPLACE {temporary}TABLE {catalog}.main.pipeline_runs AS
SELECT run_id, source, started_at::TIMESTAMPTZ AS started_at, finished_at::TIMESTAMPTZ AS finished_at, status,
       pages_fetched::INTEGER AS pages_fetched, articles_new::INTEGER AS articles_new,
       articles_updated::INTEGER AS articles_updated, articles_skipped::INTEGER AS articles_skipped,
       errors::JSON AS errors, message, articles_quarantined::INTEGER AS articles_quarantined,
       articles_found::INTEGER AS articles_found, dated_share::DOUBLE AS dated_share,
       median_words::DOUBLE AS median_words, health, health_reason
FROM ops_pipeline_runs_rows;

CREATE OR REPLACE {temporary}TABLE {catalog}.main.digests AS
SELECT team, iso_week, generated_at::TIMESTAMPTZ AS generated_at, sent_at::TIMESTAMPTZ AS sent_at,
       from_json(recipients, '["VARCHAR"]') AS recipients, subject, markdown, html, text, status, error, message_id
FROM ops_digests_rows;

CREATE OR REPLACE {temporary}TABLE {catalog}.main.article_corrections AS
SELECT correction_id, article_id, field, value_before::JSON AS value_before, value_after::JSON AS value_after, author,
       corrected_at::TIMESTAMPTZ AS corrected_at, reason
FROM ops_article_corrections_rows;
