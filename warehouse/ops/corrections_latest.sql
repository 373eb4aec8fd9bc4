-- The value in force: per article and field, the latest correction (ties on the time: the larger id, so every
-- reader picks the same one).
SELECT article_id, field, value_after, author, corrected_at
FROM (
    SELECT article_id, field, value_after, author, corrected_at,
           row_number() OVER (PARTITION BY article_id, field ORDER BY corrected_at DESC, correction_id DESC) AS rank
    FROM article_corrections
) latest
WHERE rank = 1
ORDER BY article_id, field;
