-- after dashboard_filtered: the pillar mix and monthly timeline of the stories naming the company (the
-- caller puts it in $companies).
SELECT
    date_trunc('month', dated_at AT TIME ZONE 'UTC')::DATE AS month,
    coalesce(pillar, 'unclassified') AS pillar,
    count(DISTINCT story_key) AS stories,
    count(*) AS articles,
    sum(amount_usd) FILTER (WHERE subject_company = $companies[1]) AS announced_usd
FROM filtered
GROUP BY ALL
ORDER BY month, pillar;
