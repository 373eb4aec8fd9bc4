-- What the index must catch up with: articles new or re-loaded since they were indexed (every upsert stamps
-- a new loaded_at) get fresh document numbers; documents of re-loaded or deleted articles are dropped here.
CREATE OR REPLACE TEMP TABLE search_dropped AS
SELECT d.docno
FROM search.docs d
LEFT JOIN articles a ON a.id = d.article_id
WHERE a.id IS NULL OR a.loaded_at IS DISTINCT FROM d.loaded_at;

CREATE OR REPLACE TEMP TABLE search_changed AS
SELECT
    (SELECT coalesce(max(docno), 0) FROM search.docs) + row_number() OVER (ORDER BY a.id) AS docno,
    a.id, a.loaded_at, a.title, a.text
FROM articles a
LEFT JOIN search.docs d ON d.article_id = a.id AND d.loaded_at IS NOT DISTINCT FROM a.loaded_at
WHERE d.article_id IS NULL;

DELETE FROM search.postings WHERE docno IN (SELECT docno FROM search_dropped);

DELETE FROM search.docs WHERE docno IN (SELECT docno FROM search_dropped);
