-- What each organisation is and what it was called before: the knowledge base's type (cdmo, pharma, biotech,
-- vendor, investor, regulator, government, academic, exchange, other) and its former names, each with the year
-- or date it was dropped as written there ("until"; null when the knowledge base does not say). Every publish
-- fills both from the knowledge base in use (warehouse/knowledge_base.py); organisations only seen in articles
-- keep them null. Rows published before this migration get them at the same publish that applies it.
ALTER TABLE companies ADD COLUMN type VARCHAR;
ALTER TABLE companies ADD COLUMN former_names STRUCT(name VARCHAR, "until" VARCHAR)[];
