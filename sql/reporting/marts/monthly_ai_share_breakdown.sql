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

SELECT meta.grant_reporting_access();
