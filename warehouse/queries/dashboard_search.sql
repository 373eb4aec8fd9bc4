-- after dashboard_filtered: full-text search of $query over the articles the filters select, ranked by BM25
-- (k1 = 1.2, b = 0.75) on the index warehouse/search_index.py keeps. Every query word must match (stopwords
-- aside); a word maps to its indexed term through search.words, an unseen word stands for itself.
-- Returns the top $limit with their text (for the snippet), the total count and the word forms to highlight.
, query_words AS (
    SELECT DISTINCT unnest(regexp_extract_all(lower($query), '[\p{L}\p{N}]+')) AS word
),
query_terms AS (
    SELECT DISTINCT coalesce(w.term, q.word) AS term
    FROM query_words q
    LEFT JOIN search.words w ON w.word = q.word
    WHERE length(q.word) BETWEEN 2 AND 40 AND q.word NOT IN (SELECT word FROM search.stopwords)
),
stats AS (
    SELECT count(*) AS n, avg(len) AS avgdl FROM search.docs
),
df AS (
    -- document frequency over the whole collection, whatever the filters
    SELECT term, count(*) AS df FROM search.postings WHERE term IN (SELECT term FROM query_terms) GROUP BY term
),
selected AS (
    -- the filtered articles' index entries (carried by search.facets): only they are scored, so a narrow
    -- filter makes a cheap search
    SELECT docno, doc_len AS len, id, dated_at, date_is_first_seen, source, pillar, event_type, subject_company
    FROM filtered
    WHERE docno IS NOT NULL
),
scored AS (
    SELECT
        sel.docno,
        sum(ln(1 + (s.n - df.df + 0.5) / (df.df + 0.5))
            * p.tf * 2.2 / (p.tf + 1.2 * (0.25 + 0.75 * sel.len / s.avgdl))) AS score
    FROM search.postings p
    JOIN selected sel ON sel.docno = p.docno
    JOIN df ON df.term = p.term
    CROSS JOIN stats s
    WHERE p.term IN (SELECT term FROM query_terms)
    GROUP BY sel.docno
    HAVING count(*) = (SELECT count(*) FROM query_terms)
),
ranked AS (
    SELECT
        sel.id, sel.dated_at, sel.date_is_first_seen, sel.source, sel.pillar, sel.event_type, sel.subject_company,
        sc.score,
        count(*) OVER () AS total
    FROM scored sc
    JOIN selected sel USING (docno)
    ORDER BY sc.score DESC, sel.dated_at DESC, sel.id
    LIMIT $limit
)
SELECT
    r.*, a.title, a.url, a.text,
    (SELECT list(word ORDER BY word) FROM search.words WHERE term IN (SELECT term FROM query_terms))
        || (SELECT list(word) FROM query_words) AS highlight
FROM ranked r
JOIN articles a ON a.id = r.id
ORDER BY r.score DESC, r.dated_at DESC, r.id;
