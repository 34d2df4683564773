-- Synthetic core.tagged_postings for benchmarks/bench_reporting.py: the given number of postings, each tagged under
-- every given taxonomy, spread evenly over the Korea-time months 2022-01..2023-05. Four in five are developer
-- postings, one in fifty is deleted; titles repeat within a company, so some postings are reposts.
-- (Remainders are written mod(a, b): a percent sign would be read as a query parameter.)
INSERT INTO core.tagged_postings (
    posting_id, taxonomy_id, taxonomy_version, month, company_id, company_employee_count, job_group, job_role,
    required_years_min, published_at, status, is_ai, is_data, matched_keywords, loaded_at, title
)
SELECT
    p.id,
    t.taxonomy_id,
    1,
    date_trunc('month', p.published_at AT TIME ZONE 'Asia/Seoul')::date,
    p.company_id,
    (5 * power(1000, mod(p.company_id, 97) / 97.0))::int,
    CASE WHEN mod(p.id, 5) = 0 THEN '디자인' ELSE '개발' END,
    (ARRAY['백엔드', '프론트엔드', '데이터 엔지니어', '머신러닝 엔지니어', 'DevOps', 'QA'])[mod(p.id, 6) + 1],
    mod(p.id, 11)::smallint,
    p.published_at,
    CASE WHEN mod(p.id, 50) = 0 THEN 'deleted' ELSE 'open' END,
    p.ai,
    p.data,
    CASE WHEN p.ai THEN ARRAY['AI'] ELSE '{}' END || CASE WHEN p.data THEN ARRAY['데이터'] ELSE '{}' END,
    now(),
    (ARRAY['백엔드 개발자', '프론트엔드 개발자', '데이터 엔지니어', 'ML 엔지니어', 'DevOps 엔지니어'])[mod(p.id, 5) + 1]
        || ' ' || mod(p.id, 7)
FROM (
    SELECT
        g AS id,
        mod(g, 20000) AS company_id,
        timestamptz '2022-01-01 00:00:00+09'
            + (g - 1) * ((timestamptz '2023-06-01 00:00:00+09' - timestamptz '2022-01-01 00:00:00+09')
                         / %(postings)s) AS published_at,
        mod(hashint4(g::int), 100) < 37 AS ai,
        mod(hashint4(g::int + 1), 100) < 25 AS data
    FROM generate_series(1::bigint, %(postings)s) AS g
) AS p
CROSS JOIN unnest(%(taxonomies)s::text[]) AS t (taxonomy_id)
