-- Companies first seen (earliest article naming them) in [$start, $end), with their profile.
SELECT name, hq_country, coalesce(is_cdmo, false) AS is_cdmo, in_knowledge_base, first_seen_at
FROM companies
WHERE first_seen_at >= $start AND first_seen_at < $end
ORDER BY first_seen_at, name;
