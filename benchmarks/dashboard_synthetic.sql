-- A synthetic warehouse of N articles (parameter n) for the dashboard benchmarks, generated inside DuckDB (seconds, where
-- building the same rows through Python dicts takes minutes). Deterministic: every choice is a hash of the
-- article number. One article in seven is a syndicated copy of the one before it (same story, other source).
-- Every tenth facility site is left without coordinates, as un-geocoded places are in real data.

CREATE TEMP TABLE syn_companies AS
SELECT * FROM (VALUES
    (0, 'Lonza', 'CH'), (1, 'Samsung Biologics', 'KR'), (2, 'WuXi Biologics', 'CN'), (3, 'Catalent', 'US'),
    (4, 'Fujifilm Diosynth Biotechnologies', 'JP'), (5, 'AGC Biologics', 'US'), (6, 'Recipharm', 'SE'),
    (7, 'Siegfried', 'CH'), (8, 'Cambrex', 'US'), (9, 'Piramal Pharma Solutions', 'IN'), (10, 'CordenPharma', 'DE'),
    (11, 'Charles River', 'US'), (12, 'Made Scientific', 'US'), (13, 'Abzena', 'GB'), (14, 'Vetter', 'DE'),
    (15, 'Rentschler Biopharma', 'DE'), (16, 'Alderbrook Biologics', 'IE'), (17, 'Thermo Fisher Scientific', 'US'),
    (18, 'Boehringer Ingelheim', 'DE'), (19, 'Novo Holdings', 'DK')
) AS c(k, name, hq_country);

CREATE TEMP TABLE syn_sites AS
SELECT * FROM (VALUES
    (0, 'Visp, Switzerland', 'CH', 46.29, 7.88), (1, 'Incheon, South Korea', 'KR', 37.46, 126.71),
    (2, 'Singapore', 'SG', 1.35, 103.82), (3, 'Bloomington, Indiana', 'US', 39.17, -86.53),
    (4, 'Holly Springs, North Carolina', 'US', 35.65, -78.83), (5, 'Hillerod, Denmark', 'DK', 55.93, 12.31),
    (6, 'Cork, Ireland', 'IE', 51.90, -8.47), (7, 'Teesside, United Kingdom', 'GB', 54.57, -1.23),
    (8, 'Hyderabad, India', 'IN', 17.39, 78.49), (9, 'Wuxi, China', 'CN', 31.49, 120.31),
    (10, 'Laupheim, Germany', 'DE', 48.23, 9.88), (11, 'Boulder, Colorado', 'US', 40.01, -105.27),
    (12, 'Princeton, New Jersey', 'US', 40.36, -74.66), (13, 'Toyama, Japan', 'JP', 36.70, 137.21),
    (14, 'Sao Paulo, Brazil', 'BR', -23.55, -46.63), (15, 'Strangnas, Sweden', 'SE', 59.38, 17.03),
    (16, 'Basel, Switzerland', 'CH', 47.56, 7.59), (17, 'Hamburg, Germany', 'DE', 53.55, 9.99),
    (18, 'Melbourne, Australia', 'AU', -37.81, 144.96), (19, 'Quebec City, Canada', 'CA', 46.81, -71.21)
) AS s(k, location, country, lat, lon);

CREATE TEMP TABLE syn_lists AS
SELECT
    ['infrastructure', 'digital', 'leadership', 'other'] AS pillars,
    ['small_molecule_api', 'hpapi', 'biologics_mammalian', 'microbial', 'cell_therapy',
     'gene_therapy_viral_vector', 'plasmid_dna', 'mrna_lnp', 'adc_bioconjugate', 'peptides_oligos', 'vaccines',
     'sterile_fill_finish', 'oral_solid_dose', 'radiopharma'] AS modalities,
    ['facility_investment', 'capacity_expansion', 'facility_opening', 'site_acquisition'] AS infra_events,
    ['digital_launch', 'digital_partnership'] AS digital_events,
    ['m_and_a', 'contract_or_partnership', 'financial_results', 'regulatory', 'policy_market'] AS other_events,
    ['CEO', 'CFO', 'COO', 'CSO', 'CTO', 'President', 'Chair', 'Site head'] AS roles,
    ['digital twin', 'AI/ML', 'MES', 'LIMS', 'process modelling', 'automation', 'data platform'] AS technologies,
    -- A vocabulary of domain words and pseudo-words; picking index floor(V ^ u) gives a skewed, Zipf-like
    -- word frequency, so the search index sees common and rare terms as in real text.
    list_concat(
        ['the', 'company', 'said', 'capacity', 'biologics', 'site', 'manufacturing', 'new', 'facility', 'will',
         'investment', 'expand', 'expansion', 'customers', 'production', 'million', 'clinical', 'commercial',
         'gmp', 'line', 'plant', 'cell', 'gene', 'therapy', 'viral', 'vector', 'mrna', 'bioreactor', 'fill',
         'finish', 'sterile', 'api', 'digital', 'twin', 'platform', 'automation', 'data', 'appointed', 'chief',
         'executive', 'officer', 'board', 'president', 'partnership', 'agreement', 'contract', 'development'],
        list_transform(range(4000), i -> ['ka', 'lo', 'mi', 'nu', 'pe', 'ri', 'so', 'ta', 've', 'zo'][i % 10 + 1]
                                         || ['bra', 'cle', 'dro', 'fen', 'gis', 'hal', 'jor', 'kum', 'lin', 'mar'][(i // 10) % 10 + 1]
                                         || ['ate', 'ion', 'ous', 'ing', 'ent', 'ase', 'ide', 'ism', 'ity', 'ard'][(i // 100) % 10 + 1]
                                         || CAST(i // 1000 AS VARCHAR))
    ) AS vocabulary;

CREATE TEMP TABLE syn_base AS
WITH numbered AS (
    SELECT
        i,
        -- a copy (one in seven) repeats the story of the article before it, published two hours later
        CASE WHEN i % 7 = 6 THEN i - 1 ELSE i END AS story_no,
        i % 7 = 6 AS is_copy
    FROM range($n) AS t(i)
)
SELECT
    i, is_copy,
    printf('syn%09d', story_no) AS story_id,
    printf('syn%09d', i) AS id,
    (hash(story_no, 'pillar') % 4 + 1)::BIGINT AS pillar_k,
    (hash(story_no, 'company') % 20)::BIGINT AS company_k,
    (hash(story_no, 'other company') % 20)::BIGINT AS partner_k,
    (hash(story_no, 'site') % 20)::BIGINT AS site_k,
    (hash(story_no, 'modality') % 14 + 1)::BIGINT AS modality_k,
    (hash(story_no, 'kind') % 1000000)::BIGINT AS kind_h,
    TIMESTAMPTZ '2019-01-01 00:00:00+00' + to_minutes(CAST(hash(story_no, 'when') % (8 * 365 * 24 * 60) AS BIGINT))
        + CASE WHEN is_copy THEN INTERVAL 2 HOUR ELSE INTERVAL 0 HOUR END AS published_at,
    1e6 * (hash(story_no, 'amount') % 900 + 1) AS amount
FROM numbered;

INSERT INTO articles
SELECT
    b.id, 'https://news.example/' || b.id, 'https://news.example/' || b.id,
    'source-' || CAST(CASE WHEN b.is_copy THEN (hash(b.i, 'source') % 40) ELSE b.i % 40 END AS VARCHAR),
    c.name || ' ' || CASE l.pillars[b.pillar_k]
        WHEN 'infrastructure' THEN 'invests in ' || s.location
        WHEN 'digital' THEN 'launches ' || l.technologies[b.kind_h % 7 + 1]
        WHEN 'leadership' THEN 'names new ' || l.roles[b.kind_h % 8 + 1]
        ELSE 'signs agreement' END || ' (item ' || b.story_id || ')',
    b.published_at, b.published_at, NULL,
    array_to_string(list_transform(range(180),
        w -> l.vocabulary[CAST(floor(pow(len(l.vocabulary), (hash(b.story_no_text, w) % 100000) / 100000.0)) AS INTEGER)]), ' '),
    'en', 'feed', b.story_id, l.pillars[b.pillar_k], [l.pillars[b.pillar_k]],
    json_object('infrastructure', 0.05, 'digital', 0.05, 'leadership', 0.05, 'other', 0.05,
                l.pillars[b.pillar_k], 0.9),
    CASE l.pillars[b.pillar_k]
        WHEN 'infrastructure' THEN l.infra_events[b.kind_h % 4 + 1]
        WHEN 'digital' THEN l.digital_events[b.kind_h % 2 + 1]
        WHEN 'leadership' THEN CASE WHEN b.kind_h % 5 = 0 THEN 'executive_departure' ELSE 'executive_appointment' END
        ELSE l.other_events[b.kind_h % 5 + 1] END,
    c.name,
    CASE WHEN l.pillars[b.pillar_k] IN ('infrastructure', 'other') THEN b.amount END,
    CASE WHEN l.pillars[b.pillar_k] IN ('infrastructure', 'other') THEN 'USD' END,
    CASE WHEN l.pillars[b.pillar_k] IN ('infrastructure', 'other') THEN b.amount END,
    [l.modalities[b.modality_k]], [s.location], [c.name || ' evidence ' || b.story_id],
    b.published_at, 'synthetic', now(), 'page', b.published_at, false
FROM (SELECT *, CASE WHEN is_copy THEN i - 1 ELSE i END AS story_no_text FROM syn_base) b
CROSS JOIN syn_lists l
JOIN syn_companies c ON c.k = b.company_k
JOIN syn_sites s ON s.k = b.site_k;

INSERT INTO events
SELECT
    b.id, 0, a.event_type, a.pillar,
    c.name,
    CASE WHEN a.pillar = 'leadership' THEN 'Person ' || CAST(b.kind_h % 5000 AS VARCHAR) END,
    CASE WHEN a.pillar = 'leadership' THEN l.roles[b.kind_h % 8 + 1] END,
    CASE WHEN a.event_type = 'executive_departure' THEN 'departed'
         WHEN a.event_type = 'executive_appointment' THEN 'appointed' END,
    s.location, s.country,
    CASE WHEN b.site_k % 10 <> 9 THEN s.lat END,
    CASE WHEN b.site_k % 10 <> 9 THEN s.lon END,
    a.amount_usd, a.modalities[1],
    CASE WHEN a.pillar = 'digital' THEN l.technologies[b.kind_h % 7 + 1] END,
    CASE WHEN a.event_type = 'digital_partnership' THEN p.name END,
    CASE WHEN a.pillar = 'infrastructure' THEN CAST(b.kind_h % 40 * 500 + 500 AS VARCHAR) || ' L' END
FROM syn_base b
CROSS JOIN syn_lists l
JOIN articles a ON a.id = b.id
JOIN syn_companies c ON c.k = b.company_k
JOIN syn_companies p ON p.k = b.partner_k
JOIN syn_sites s ON s.k = b.site_k;

INSERT INTO article_companies
SELECT b.id, c.name, true, 0, 'subject' FROM syn_base b JOIN syn_companies c ON c.k = b.company_k
UNION ALL
SELECT b.id, p.name, false, 1, 'counterparty' FROM syn_base b JOIN syn_companies p ON p.k = b.partner_k
WHERE b.partner_k <> b.company_k;

INSERT INTO article_people
SELECT article_id, person, role, company, 0 FROM events WHERE person IS NOT NULL;

INSERT INTO article_entities
SELECT a.id, a.subject_company, 'ORG', 0, length(a.subject_company), a.subject_company FROM articles a;

INSERT INTO stories
SELECT
    story_id,
    arg_min(id, published_at),
    arg_min(source, published_at),
    min(published_at),
    arg_min(title, published_at),
    arg_min(pillar, published_at),
    count(*),
    list(DISTINCT source ORDER BY source),
    min(published_at),
    false
FROM articles
GROUP BY story_id;

INSERT INTO companies (name, aliases, parent, hq_country, is_cdmo, in_knowledge_base, first_seen_at, type)
SELECT name, [name || ' Inc.'], NULL, hq_country, true, true, NULL, 'cdmo' FROM syn_companies;
