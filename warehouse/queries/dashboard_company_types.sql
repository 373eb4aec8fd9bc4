-- The organisation types (companies.type) of the companies the news names: the Companies page's type filter.
SELECT DISTINCT k.type
FROM article_companies c
JOIN companies k ON k.name = c.company
WHERE k.type IS NOT NULL
ORDER BY k.type;
