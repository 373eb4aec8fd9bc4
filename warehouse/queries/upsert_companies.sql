-- The knowledge base's organisations: inserted, or their knowledge-base columns replaced (first_seen_at, which
-- articles decide, is kept). A row already equal is left alone, so a publish with an unchanged knowledge base
-- writes nothing here.
INSERT INTO companies (name, aliases, parent, hq_country, is_cdmo, in_knowledge_base, first_seen_at, type,
                       former_names)
SELECT name, aliases, parent, hq_country, is_cdmo, true, NULL, type, former_names
FROM incoming_companies
ON CONFLICT (name) DO UPDATE SET
    aliases = excluded.aliases, parent = excluded.parent, hq_country = excluded.hq_country,
    is_cdmo = excluded.is_cdmo, in_knowledge_base = true, type = excluded.type,
    former_names = excluded.former_names
WHERE companies.aliases IS DISTINCT FROM excluded.aliases
   OR companies.parent IS DISTINCT FROM excluded.parent
   OR companies.hq_country IS DISTINCT FROM excluded.hq_country
   OR companies.is_cdmo IS DISTINCT FROM excluded.is_cdmo
   OR NOT companies.in_knowledge_base
   OR companies.type IS DISTINCT FROM excluded.type
   OR companies.former_names IS DISTINCT FROM excluded.former_names;
