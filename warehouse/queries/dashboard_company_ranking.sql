-- after dashboard_filtered: the period's most active companies, by the stories they are a party to (subject or
-- counterparty; a passing mention does not count), with their pillar mix and newest date. The Companies page
-- lists it until a company is picked.
SELECT
    company,
    count(DISTINCT story_key) AS stories,
    count(DISTINCT story_key) FILTER (WHERE pillar = 'infrastructure') AS infrastructure,
    count(DISTINCT story_key) FILTER (WHERE pillar = 'digital') AS digital,
    count(DISTINCT story_key) FILTER (WHERE pillar = 'leadership') AS leadership,
    max(dated_at) AS latest
FROM (SELECT unnest(companies) AS company, story_key, pillar, dated_at FROM filtered)
GROUP BY company
ORDER BY stories DESC, latest DESC, company
LIMIT $limit;
