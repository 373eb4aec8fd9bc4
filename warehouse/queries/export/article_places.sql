SELECT t.*, coalesce(strftime(a.published_at, '%Y-%m'), 'undated') AS month
FROM article_places t JOIN articles a ON a.id = t.article_id
