-- after dashboard_facilities_frames: one row per geocoded site for the map (rows without lat/lon left out).
SELECT
    site, country, lat, lon,
    count(*) AS investments,
    sum(amount_usd) AS amount_usd,
    list(DISTINCT company ORDER BY company)[1:3] AS companies
FROM facilities
WHERE lat IS NOT NULL AND lon IS NOT NULL
GROUP BY site, country, lat, lon
ORDER BY amount_usd DESC NULLS LAST;
