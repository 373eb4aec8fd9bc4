-- The audit trail, oldest first.
SELECT correction_id, article_id, field, value_before, value_after, author, corrected_at, reason
FROM article_corrections
ORDER BY corrected_at, correction_id;
