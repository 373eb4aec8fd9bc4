-- A synthetic warehouse for the digest benchmarks: $articles articles over 2019–2026, generated in SQL.
-- Shaped like benchmarks/synthetic.py's records: 16 known CDMOs plus a newcomer in 1 of 200 stories, the four
-- pillars, an amount on infrastructure and other items, one modality and one location each, every tenth
-- article a syndicated copy (another outlet, five hours later) of the one before, and one event frame per
-- article. Rows are inserted oldest first, as daily loads append them.
INSERT INTO articles BY NAME
WITH numbered AS (
    SELECT i, CASE WHEN i % 10 = 9 THEN i - 1 ELSE i END AS origin
    FROM range($articles) AS t(i)
),
shaped AS (
    SELECT
        i, origin,
        TIMESTAMPTZ '2019-01-01 00:00:00+00'
            + to_minutes((hash(origin) % 4204800)::BIGINT)
            + to_hours(CASE WHEN i <> origin THEN 5 ELSE 0 END) AS published_at,
        CASE WHEN hash(origin, 3) % 200 = 0 THEN 'Newco ' || origin
             ELSE ['Lonza', 'Samsung Biologics', 'WuXi Biologics', 'Catalent', 'Fujifilm Diosynth Biotechnologies',
                   'AGC Biologics', 'Recipharm', 'Siegfried', 'Cambrex', 'Piramal Pharma Solutions', 'CordenPharma',
                   'Charles River', 'Made Scientific', 'Abzena', 'Vetter', 'Rentschler Biopharma'
                  ][(hash(origin, 1) % 16)::BIGINT + 1] END AS company,
        ['infrastructure', 'digital', 'leadership', 'other'][(hash(origin, 2) % 4)::BIGINT + 1] AS pillar
    FROM numbered
)
SELECT
    'syn' || lpad(i::VARCHAR, 9, '0') AS id,
    'https://news' || (i % 40) || '.example/' || i AS url,
    'https://news' || (i % 40) || '.example/' || i AS canonical_url,
    'source-' || (i % 40) AS source,
    company || ' item ' || origin AS title,
    published_at,
    published_at AS fetched_at,
    NULL AS author,
    repeat('The company said it would expand capacity for biologics at its site and hire staff for the new line. ',
           10) AS text,
    'en' AS lang,
    'feed' AS discovered_via,
    'syn' || lpad(origin::VARCHAR, 9, '0') AS story_id,
    pillar,
    [pillar] AS pillars,
    json_object(pillar, 0.9) AS pillar_scores,
    CASE pillar WHEN 'infrastructure' THEN 'facility_investment' WHEN 'digital' THEN 'digital_launch'
                WHEN 'leadership' THEN 'executive_appointment' ELSE 'contract_or_partnership' END AS event_type,
    company AS subject_company,
    CASE WHEN pillar IN ('infrastructure', 'other') THEN 1e6 * (1 + hash(origin, 4) % 900) END AS amount_value,
    CASE WHEN pillar IN ('infrastructure', 'other') THEN 'USD' END AS amount_currency,
    CASE WHEN pillar IN ('infrastructure', 'other') THEN 1e6 * (1 + hash(origin, 4) % 900) END AS amount_usd,
    [['small_molecule_api', 'hpapi', 'biologics_mammalian', 'microbial', 'cell_therapy',
      'gene_therapy_viral_vector', 'plasmid_dna', 'mrna_lnp', 'adc_bioconjugate', 'peptides_oligos', 'vaccines',
      'sterile_fill_finish', 'oral_solid_dose', 'radiopharma'][(hash(origin, 5) % 14)::BIGINT + 1]] AS modalities,
    [['Visp, Switzerland', 'Boston, MA', 'Singapore', 'Leiden, Netherlands', 'Incheon, South Korea',
      'Hyderabad, India'][(hash(origin, 6) % 6)::BIGINT + 1]] AS locations,
    [company || ' item ' || origin] AS evidence,
    published_at AS enriched_at,
    'synthetic' AS model_version,
    now() AS loaded_at,
    published_at AS dated_at
FROM shaped
ORDER BY published_at, i;

INSERT INTO article_companies BY NAME
SELECT id AS article_id, subject_company AS company, true AS is_subject, 0 AS position FROM articles
UNION ALL
SELECT id AS article_id, ['Pfizer', 'Moderna', 'Novartis', 'Roche'][(hash(story_id, 7) % 4)::BIGINT + 1] AS company,
       false AS is_subject, 1 AS position
FROM articles;

INSERT INTO events BY NAME
SELECT
    id AS article_id, 0 AS position, event_type, pillar, subject_company AS company,
    CASE WHEN pillar = 'leadership' THEN 'Person ' || (hash(story_id) % 5000) END AS person,
    CASE WHEN pillar = 'leadership' THEN 'CEO' END AS role,
    CASE WHEN pillar = 'leadership' THEN 'appointed' END AS action,
    locations[1] AS location, amount_usd, modalities[1] AS modality,
    CASE WHEN pillar = 'digital' THEN 'digital twin' END AS technology
FROM articles;
