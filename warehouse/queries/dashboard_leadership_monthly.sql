-- after dashboard_leadership_frames: moves per month, role and action.
SELECT
    date_trunc('month', dated_at AT TIME ZONE 'UTC')::DATE AS month, role, action, count(*) AS moves
FROM moves
GROUP BY ALL
ORDER BY month, role, action;
