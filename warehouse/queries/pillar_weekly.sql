SELECT week, pillar, articles, stories
FROM pillar_weekly
WHERE week BETWEEN $start AND $end
ORDER BY week, pillar;
