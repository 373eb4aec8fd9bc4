-- after the CTE `facets`: the choices the sidebar filters offer, from what the warehouse holds: date bounds,
-- sources, pillars, event types, modalities, the 2,000 companies named most often, the countries. Stored as
-- search.facet_choices by warehouse/facet_index.py with the facets; run inline when that is not built.
SELECT
    (SELECT min(dated_at AT TIME ZONE 'UTC')::DATE FROM facets) AS first_day,
    (SELECT max(dated_at AT TIME ZONE 'UTC')::DATE FROM facets) AS last_day,
    (SELECT list(DISTINCT source ORDER BY source) FROM facets) AS sources,
    (SELECT list(DISTINCT pillar ORDER BY pillar) FROM facets WHERE pillar IS NOT NULL) AS pillars,
    (SELECT list(DISTINCT event_type ORDER BY event_type) FROM facets WHERE event_type IS NOT NULL)
        AS event_types,
    (SELECT list(DISTINCT m ORDER BY m) FROM (SELECT unnest(modalities) AS m FROM facets)) AS modalities,
    (SELECT list(company ORDER BY n DESC, company)
       FROM (SELECT company, count(*) AS n FROM (SELECT unnest(companies) AS company FROM facets)
             GROUP BY company ORDER BY n DESC, company LIMIT 2000)) AS companies,
    (SELECT list(DISTINCT c ORDER BY c) FROM (SELECT unnest(countries) AS c FROM facets)) AS countries;
