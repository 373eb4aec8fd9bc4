SELECT *, coalesce(strftime(first_seen_at, '%Y-%m'), 'never') AS month FROM companies
