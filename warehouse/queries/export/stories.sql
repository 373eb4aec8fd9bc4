SELECT *, coalesce(strftime(first_published_at, '%Y-%m'), 'undated') AS month FROM stories
