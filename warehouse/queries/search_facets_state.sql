-- What search.facets was built from: articles (count, latest load) and the company dimension (its HQ
-- countries decide where an article happened). A refresh rebuilds the facets when this changes.
SELECT
    (SELECT count(*) FROM articles)::VARCHAR || '|' || coalesce((SELECT max(loaded_at) FROM articles)::VARCHAR, '')
    || '|' || (SELECT coalesce(sum(hash(name, hq_country)), 0) FROM companies)::VARCHAR AS fingerprint
