-- Every organisation the knowledge base holds: the autocomplete of the correction form's company fields.
SELECT name
FROM companies
WHERE in_knowledge_base
ORDER BY name;
