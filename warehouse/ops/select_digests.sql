SELECT team, iso_week, generated_at, sent_at, recipients, subject, markdown, html, text, status, error, message_id
FROM digests;
