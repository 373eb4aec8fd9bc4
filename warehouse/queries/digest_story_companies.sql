-- Companies named by the first articles of the stories first dated in [$start, $end), limited to the ones
-- the digest asks about: those first seen in that span (novelty) and those in $companies (team filters, any
-- case). Limiting by company keeps the scan of article_companies cheap: most of its rows are never joined.
WITH wanted AS (
    SELECT name, first_seen_at
    FROM companies
    WHERE (first_seen_at >= $start AND first_seen_at < $end)
       OR lower(name) IN (SELECT lower(unnest($companies::VARCHAR[])))
),
window_firsts AS (
    SELECT first_article_id
    FROM stories
    WHERE first_dated_at >= $start AND first_dated_at < $end
)
SELECT ac.article_id, ac.company, ac.position, w.first_seen_at
FROM article_companies ac
JOIN wanted w ON w.name = ac.company
JOIN window_firsts wf ON wf.first_article_id = ac.article_id
ORDER BY ac.article_id, ac.position;
