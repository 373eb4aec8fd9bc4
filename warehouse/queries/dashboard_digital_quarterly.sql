-- after dashboard_digital_frames: initiatives per quarter and technology.
SELECT date_trunc('quarter', dated_at AT TIME ZONE 'UTC')::DATE AS quarter, technology, count(*) AS initiatives
FROM initiatives
GROUP BY ALL
ORDER BY quarter, technology;
