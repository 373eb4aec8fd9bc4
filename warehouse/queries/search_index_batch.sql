-- Index one batch of changed articles (temp table search_batch, a slice of search_changed).
-- Words are lower-cased runs of letters and digits (any script), 2 to 40 long, stopwords left out; a title
-- word counts three times, since a term in the headline says more about the article than one in the body.
-- Accents are stripped per distinct word when its term is made (stripping whole texts costs 3x more).
CREATE OR REPLACE TEMP TABLE search_tokens AS
WITH words AS (
    SELECT docno, unnest(regexp_extract_all(lower(title), '[\p{L}\p{N}]+')) AS word, 3 AS weight
    FROM search_batch
    UNION ALL
    SELECT docno, unnest(regexp_extract_all(lower(text), '[\p{L}\p{N}]+')) AS word, 1 AS weight
    FROM search_batch
)
SELECT docno, word, sum(weight)::INTEGER AS tf
FROM words
WHERE length(word) BETWEEN 2 AND 40 AND word NOT IN (SELECT word FROM search.stopwords)
GROUP BY docno, word;

INSERT INTO search.docs
SELECT c.docno, c.id, c.loaded_at, coalesce(t.len, 0)
FROM search_batch c
LEFT JOIN (SELECT docno, sum(tf)::INTEGER AS len FROM search_tokens GROUP BY docno) t USING (docno);

-- New word forms get their term: accents stripped, then the fts extension's Snowball (English) stemmer.
INSERT INTO search.words
SELECT word, stem(strip_accents(word), 'english')
FROM (SELECT DISTINCT word FROM search_tokens)
WHERE word NOT IN (SELECT word FROM search.words);

INSERT INTO search.postings
SELECT w.term, t.docno, sum(t.tf)::INTEGER
FROM search_tokens t
JOIN search.words w USING (word)
GROUP BY w.term, t.docno
ORDER BY w.term, t.docno;

DROP TABLE search_tokens;
DROP TABLE search_batch;
