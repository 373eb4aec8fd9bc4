-- One company's entry in the company dimension (empty when it is not there).
SELECT name, aliases, parent, hq_country, is_cdmo, in_knowledge_base, first_seen_at, type, former_names
FROM companies
WHERE name = $company;
