-- Developer postings, AI and AI-or-data postings per month, taxonomy and breakdown cell (job role, seniority band,
-- company size band): what reporting.monthly_ai_share_breakdown suppresses and computes its shares from.
-- A per-month table: intermediate.monthly_breakdown_cells_of(months) gives the rows of the given months (NULL: of
-- every month); the refresh deletes the months it recomputes and inserts them again (ai_job_share.reporting.layers).
DROP TABLE IF EXISTS intermediate.monthly_breakdown_cells CASCADE;

CREATE TABLE intermediate.monthly_breakdown_cells (
    month date NOT NULL, taxonomy_id text,
    dimension text, category text, category_order integer,  -- the cell
    developer_postings bigint, ai_postings bigint, ai_or_data_postings bigint
);

CREATE FUNCTION intermediate.monthly_breakdown_cells_of(months date[])
RETURNS SETOF intermediate.monthly_breakdown_cells
LANGUAGE sql STABLE
AS $$
WITH combinations AS (
    SELECT
        month,
        taxonomy_id,
        job_role,
        seniority_order,
        company_size_order,
        sum(postings)                                           AS developer_postings,
        coalesce(sum(postings) FILTER (WHERE is_ai), 0)         AS ai_postings,
        coalesce(sum(postings) FILTER (WHERE is_ai_or_data), 0) AS ai_or_data_postings
    FROM intermediate.developer_keyword_sets
    WHERE months IS NULL OR month = ANY(months)
    GROUP BY month, taxonomy_id, job_role, seniority_order, company_size_order
)
SELECT
    d.month,
    d.taxonomy_id,
    c.dimension,
    c.category,
    c.category_order,
    sum(d.developer_postings)::bigint    AS developer_postings,
    sum(d.ai_postings)::bigint           AS ai_postings,
    sum(d.ai_or_data_postings)::bigint   AS ai_or_data_postings
FROM combinations AS d
CROSS JOIN LATERAL (VALUES
    ('job_role', d.job_role, NULL::integer),
    ('seniority',
     (ARRAY['신입', '1-3년', '4-7년', '8년 이상', '미기재'])[d.seniority_order], d.seniority_order),
    ('company_size',
     (ARRAY['1-10명', '11-50명', '51-200명', '201-1000명', '1001명 이상', '미기재'])[d.company_size_order],
     d.company_size_order)
) AS c (dimension, category, category_order)
GROUP BY d.month, d.taxonomy_id, c.dimension, c.category, c.category_order
$$;

SELECT meta.index_and_fill_per_month_table('intermediate.monthly_breakdown_cells');
