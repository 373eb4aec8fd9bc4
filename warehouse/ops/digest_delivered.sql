-- Who already received this team's digest for this week (addresses in lower case), and when first.
SELECT lower(r.value) AS recipient, min(d.sent_at) AS sent_at
FROM digests d, json_each(d.recipients) r
WHERE d.team = :team AND d.iso_week = :iso_week AND d.status = 'sent'
GROUP BY 1
ORDER BY 1;
