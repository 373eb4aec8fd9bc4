-- after dashboard_filtered: the period's most active companies, by the stories they are a party to (subject or
-- counterparty; a passing mention does not count), with their knowledge-base type, pillar mix and newest date.
-- $type keeps the companies of one type (null: every company). The Companies page lists it until a company is
-- picked.
SELECT
    m.company,
    k.type,
    count(DISTINCT story_key) AS stories,
    count(DISTINCT story_key) FILTER (WHERE pillar = 'infrastructure') AS infrastructure,
    count(DISTINCT story_key) FILTER (WHERE pillar = 'digital') AS digital,
    count(DISTINCT story_key) FILTER (WHERE pillar = 'leadership') AS leadership,
    max(dated_at) AS latest
FROM (SELECT unnest(companies) AS company, story_key, pillar, dated_at FROM filtered) AS m
LEFT JOIN companies AS k ON k.name = m.company
WHERE $type::VARCHAR IS NULL OR k.type = $type::VARCHAR
GROUP BY m.company, k.type
ORDER BY stories DESC, latest DESC, m.company
LIMIT $limit;
