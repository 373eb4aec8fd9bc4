-- Who already received this team's digest for this week (addresses in lower case), and when first.
SELECT lower(r.recipient) AS recipient, min(d.sent_at) AS sent_at
FROM digests d, jsonb_array_elements_text(CAST(d.recipients AS jsonb)) AS r(recipient)
WHERE d.team = :team AND d.iso_week = :iso_week AND d.status = 'sent'
GROUP BY 1
ORDER BY 1;
