-- What each organisation is to the news: subject | counterparty | mentioned (a regulator, a parent named in
-- passing, a former employer). Rows loaded before this migration have no role and count as parties.
ALTER TABLE article_companies ADD COLUMN role VARCHAR;

-- Company activity counts the parties to the news, not every organisation an item mentions.
CREATE OR REPLACE VIEW company_activity AS
WITH mentions AS (
    SELECT
        c.company,
        date_trunc('month', a.published_at AT TIME ZONE 'UTC')::DATE AS month,
        a.pillar,
        a.id,
        coalesce(a.story_id, a.id) AS story,
        CASE WHEN c.is_subject THEN a.amount_usd END AS amount_usd
    FROM article_companies c
    JOIN articles a ON a.id = c.article_id
    WHERE a.published_at IS NOT NULL
      AND coalesce(c.role, 'counterparty') <> 'mentioned'
)
SELECT
    company, month, pillar,
    count(*) AS articles,
    count(DISTINCT story) AS stories,
    sum(amount_usd) AS announced_usd
FROM mentions
GROUP BY company, month, pillar;
