-- The monthly AI share of developer postings broken down by job role, seniority band and company size band, per
-- taxonomy. Cells with fewer developer postings than meta.reporting_settings 'breakdown_min_postings' (default 30)
-- are suppressed: their counts of AI postings and their shares are NULL and `suppressed` is true.
-- Reads the per-month cells of intermediate.monthly_breakdown_cells.
DROP MATERIALIZED VIEW IF EXISTS reporting.monthly_ai_share_breakdown CASCADE;

CREATE MATERIALIZED VIEW reporting.monthly_ai_share_breakdown AS
WITH flagged AS (
    SELECT
        cells.*,
        developer_postings < (SELECT breakdown_min_postings FROM staging.reporting_settings) AS suppressed
    FROM intermediate.monthly_breakdown_cells AS cells
)
SELECT
    month,
    taxonomy_id,
    dimension,
    category,
    category_order,
    developer_postings,
    CASE WHEN NOT suppressed THEN ai_postings END                                             AS ai_postings,
    CASE WHEN NOT suppressed THEN round(ai_postings::numeric / developer_postings, 4) END     AS ai_share,
    CASE WHEN NOT suppressed THEN round(reporting.wilson_low(ai_postings, developer_postings)::numeric, 4) END
                                                                                              AS ai_share_ci_low,
    CASE WHEN NOT suppressed THEN round(reporting.wilson_high(ai_postings, developer_postings)::numeric, 4) END
                                                                                              AS ai_share_ci_high,
    CASE WHEN NOT suppressed THEN ai_or_data_postings END                                     AS ai_or_data_postings,
    CASE WHEN NOT suppressed THEN round(ai_or_data_postings::numeric / developer_postings, 4) END
                                                                                              AS ai_or_data_share,
    suppressed
FROM flagged
WITH DATA;

CREATE UNIQUE INDEX monthly_ai_share_breakdown_key
    ON reporting.monthly_ai_share_breakdown (taxonomy_id, dimension, month, category);

COMMENT ON MATERIALIZED VIEW reporting.monthly_ai_share_breakdown IS
    'AI share of developer postings per Korea-time month and taxonomy, broken down by job role, seniority band '
    '(required_years_min) and company size band (employee count); cells below breakdown_min_postings (default 30) '
    'developer postings are suppressed';
COMMENT ON COLUMN reporting.monthly_ai_share_breakdown.month IS 'First day of the Korea-time month';
COMMENT ON COLUMN reporting.monthly_ai_share_breakdown.taxonomy_id IS 'Keyword rule set';
COMMENT ON COLUMN reporting.monthly_ai_share_breakdown.dimension IS
    'What the postings are broken down by: job_role, seniority or company_size (filter on one at a time: each '
    'dimension adds up to all developer postings of the month)';
COMMENT ON COLUMN reporting.monthly_ai_share_breakdown.category IS
    'job_role: the role as published (미기재 = none); seniority, from required_years_min: 신입 (0), 1-3년, 4-7년, '
    '8년 이상, 미기재 (none); company_size, from the employee count: 1-10명, 11-50명, 51-200명, 201-1000명, '
    '1001명 이상, 미기재 (none)';
COMMENT ON COLUMN reporting.monthly_ai_share_breakdown.category_order IS
    'Sort position of the band within its dimension (seniority and company_size, ascending); NULL for job_role';
COMMENT ON COLUMN reporting.monthly_ai_share_breakdown.developer_postings IS
    'Developer postings of the cell (never suppressed), deleted ones excluded';
COMMENT ON COLUMN reporting.monthly_ai_share_breakdown.ai_postings IS
    'Of developer_postings, those tagged AI-related; NULL when suppressed';
COMMENT ON COLUMN reporting.monthly_ai_share_breakdown.ai_share IS
    'ai_postings / developer_postings (0..1), 4 decimals; NULL when suppressed';
COMMENT ON COLUMN reporting.monthly_ai_share_breakdown.ai_share_ci_low IS
    'Lower bound of the 95% Wilson interval of ai_share; NULL when suppressed';
COMMENT ON COLUMN reporting.monthly_ai_share_breakdown.ai_share_ci_high IS
    'Upper bound of the 95% Wilson interval of ai_share; NULL when suppressed';
COMMENT ON COLUMN reporting.monthly_ai_share_breakdown.ai_or_data_postings IS
    'Of developer_postings, those tagged AI- or data-related; NULL when suppressed';
COMMENT ON COLUMN reporting.monthly_ai_share_breakdown.ai_or_data_share IS
    'ai_or_data_postings / developer_postings (0..1); NULL when suppressed';
COMMENT ON COLUMN reporting.monthly_ai_share_breakdown.suppressed IS
    'True when developer_postings is below meta.reporting_settings breakdown_min_postings (default 30)';

SELECT meta.grant_reporting_access();
