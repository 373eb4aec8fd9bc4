-- Whether the warehouse holds the full-text index (built by warehouse/search_index.py after a load).
SELECT count(*) = 4 AS ready
FROM information_schema.tables
WHERE table_schema = 'search' AND table_name IN ('docs', 'words', 'postings', 'stopwords');
