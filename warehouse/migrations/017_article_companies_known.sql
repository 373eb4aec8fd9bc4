-- Whether the knowledge base knew each organisation when the article was enriched (the record's
-- unknown_companies): the dashboard's knowledge-base queue lists the ones it did not. Null on rows loaded before
-- this migration, or from records that do not say.
ALTER TABLE article_companies ADD COLUMN in_knowledge_base BOOLEAN;
