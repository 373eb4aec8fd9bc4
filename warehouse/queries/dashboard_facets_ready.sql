-- Whether the warehouse holds search.facets and search.facet_choices (built by warehouse/facet_index.py after a load).
SELECT count(*) = 2 AS ready
FROM information_schema.tables
WHERE table_schema = 'search' AND table_name IN ('facets', 'facet_choices');
