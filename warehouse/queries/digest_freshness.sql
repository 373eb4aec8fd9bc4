-- How much the warehouse holds and how recent it is: a quiet digest says whether the crawl is behind.
SELECT count(*) AS articles, max(published_at) AS newest
FROM articles;
