-- after dashboard_digital_frames: initiatives per company and technology, for the $companies_shown companies
-- with the most initiatives.
, busiest AS (
    SELECT company FROM initiatives WHERE company IS NOT NULL
    GROUP BY company ORDER BY count(*) DESC, company LIMIT $companies_shown
)
SELECT company, technology, count(*) AS initiatives
FROM initiatives
WHERE company IN (SELECT company FROM busiest)
GROUP BY ALL
ORDER BY company, technology;
