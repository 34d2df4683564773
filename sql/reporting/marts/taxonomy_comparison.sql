-- The months under every registered taxonomy, one row per month and taxonomy: how much the answer depends on the
-- definition. Long, so a taxonomy added as a file appears here with no change (pivot it in the BI tool). A plain view
-- over reporting.monthly_ai_share (already small and precomputed).
DROP VIEW IF EXISTS reporting.taxonomy_comparison CASCADE;

CREATE VIEW reporting.taxonomy_comparison AS
SELECT
    month,
    taxonomy_id,
    developer_postings,
    ai_share,
    ai_or_data_share,
    round(100 * (ai_share - avg(ai_share) OVER (PARTITION BY month)), 2) AS ai_share_vs_mean_pp
FROM reporting.monthly_ai_share;

COMMENT ON VIEW reporting.taxonomy_comparison IS
    'AI and AI-or-data share of developer postings per month under each taxonomy (one row per month and taxonomy)';
COMMENT ON COLUMN reporting.taxonomy_comparison.month IS 'First day of the Korea-time month';
COMMENT ON COLUMN reporting.taxonomy_comparison.taxonomy_id IS 'Keyword rule set';
COMMENT ON COLUMN reporting.taxonomy_comparison.developer_postings IS
    'Developer postings (developer_job_groups) of the month, deleted ones excluded (the same under every taxonomy)';
COMMENT ON COLUMN reporting.taxonomy_comparison.ai_share IS 'AI share under this taxonomy (0..1)';
COMMENT ON COLUMN reporting.taxonomy_comparison.ai_or_data_share IS 'AI-or-data share under this taxonomy (0..1)';
COMMENT ON COLUMN reporting.taxonomy_comparison.ai_share_vs_mean_pp IS
    'ai_share minus the mean of ai_share over every taxonomy of the month, in percentage points';

SELECT meta.grant_reporting_access();
