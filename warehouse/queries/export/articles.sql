SELECT *, coalesce(strftime(published_at, '%Y-%m'), 'undated') AS month FROM articles
