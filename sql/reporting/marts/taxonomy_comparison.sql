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

SELECT meta.grant_reporting_access();
