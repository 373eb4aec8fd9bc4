INSERT INTO article_corrections (correction_id, article_id, field, value_before, value_after, author, corrected_at,
                                 reason)
VALUES (:correction_id, :article_id, :field, :value_before, :value_after, :author, :corrected_at, :reason);
