-- One article's corrections, newest first: what the Article page shows.
SELECT correction_id, field, value_before, value_after, author, corrected_at, reason
FROM article_corrections
WHERE article_id = :article_id
ORDER BY corrected_at DESC, correction_id DESC;
