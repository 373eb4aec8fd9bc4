INSERT INTO companies (name, aliases, parent, hq_country, is_cdmo, in_knowledge_base, first_seen_at)
SELECT name, aliases, parent, hq_country, is_cdmo, true, NULL
FROM incoming_companies
ON CONFLICT (name) DO UPDATE SET
    aliases = excluded.aliases, parent = excluded.parent, hq_country = excluded.hq_country,
    is_cdmo = excluded.is_cdmo, in_knowledge_base = true;
