-- The CTE `filtered`: the articles the dashboard's sidebar filters select (one row per article, on its
-- dated_at: published_at, else when first seen), read from the CTE `facets` (search.facets, or
-- search_facets.sql itself when the table is not built yet; dashboard/data_access.py puts it in front).
-- Parameters: $start and $end (TIMESTAMPTZ, end excluded, compared with dated_at) and the lists $pillars,
-- $event_types, $companies (any party named), $countries (where it happened), $modalities, $sources; an
-- empty list means "any".
filtered AS (
    SELECT
        id, dated_at, date_is_first_seen, source, pillar, event_type, subject_company, amount_usd,
        modalities, story, story_key, companies, countries, move_keys, docno, doc_len
    FROM facets
    WHERE dated_at >= $start AND dated_at < $end
      AND (len($pillars::VARCHAR[]) = 0 OR list_contains($pillars::VARCHAR[], pillar))
      AND (len($event_types::VARCHAR[]) = 0 OR list_contains($event_types::VARCHAR[], event_type))
      AND (len($sources::VARCHAR[]) = 0 OR list_contains($sources::VARCHAR[], source))
      AND (len($modalities::VARCHAR[]) = 0 OR list_has_any(modalities, $modalities::VARCHAR[]))
      AND (len($companies::VARCHAR[]) = 0 OR list_has_any(companies, $companies::VARCHAR[]))
      AND (len($countries::VARCHAR[]) = 0 OR list_has_any(countries, $countries::VARCHAR[]))
)
