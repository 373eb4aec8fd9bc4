-- Who already received this team's digest for this week (addresses in lower case), and when first.
SELECT lower(recipient) AS recipient, min(sent_at) AS sent_at
FROM (SELECT unnest(recipients) AS recipient, sent_at FROM digests
      WHERE team = $team AND iso_week = $iso_week AND status = 'sent')
GROUP BY 1
ORDER BY 1;
