-- The archive, newest first: what each team was sent (or failed to be sent) week by week.
SELECT team, iso_week, generated_at, sent_at, status, recipients, subject, error, message_id
FROM digests
WHERE (CAST(:team AS TEXT) IS NULL OR team = :team)
ORDER BY generated_at DESC
LIMIT :limit;
