-- after dashboard_filtered: stories and articles per period ($grain: 'week' or 'month') and pillar.
SELECT
    date_trunc($grain, dated_at AT TIME ZONE 'UTC')::DATE AS period,
    pillar,
    count(DISTINCT story_key) AS stories,
    count(*) AS articles
FROM filtered
WHERE pillar IS NOT NULL
GROUP BY ALL
ORDER BY period, pillar;
