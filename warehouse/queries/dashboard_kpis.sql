-- after dashboard_filtered: the Overview's KPIs for the period from $split to $end ('current') and the one
-- before it ('previous'); the caller sets $start to the previous period's start. Syndicated copies count
-- once: stories by story key, amounts per story (its largest), moves by their (story, person) keys.
, periods AS (
    SELECT *, CASE WHEN dated_at >= $split THEN 'current' ELSE 'previous' END AS period FROM filtered
),
counts AS (
    SELECT
        period,
        count(DISTINCT story_key) AS stories,
        count(DISTINCT story_key) FILTER (WHERE event_type IN ('digital_launch', 'digital_partnership'))
            AS digital_launches
    FROM periods
    GROUP BY period
),
amounts AS (
    SELECT period, sum(amount_usd) AS facility_usd
    FROM (
        SELECT period, max(amount_usd) AS amount_usd
        FROM periods
        WHERE event_type IN ('facility_opening', 'facility_investment', 'capacity_expansion', 'site_acquisition')
        GROUP BY period, story_key
    )
    GROUP BY period
),
moves AS (
    SELECT period, count(DISTINCT move) AS leadership_moves
    FROM (SELECT period, unnest(move_keys) AS move FROM periods WHERE len(move_keys) > 0)
    GROUP BY period
)
SELECT
    k.period,
    coalesce(c.stories, 0) AS stories,
    coalesce(a.facility_usd, 0) AS facility_usd,
    coalesce(m.leadership_moves, 0) AS leadership_moves,
    coalesce(c.digital_launches, 0) AS digital_launches
FROM (VALUES ('current'), ('previous')) AS k(period)
LEFT JOIN counts c USING (period)
LEFT JOIN amounts a USING (period)
LEFT JOIN moves m USING (period);
