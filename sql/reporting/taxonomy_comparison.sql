-- The 17 months under every shipped taxonomy side by side: how much the answer depends on the definition.
-- A plain view over reporting.monthly_ai_share (already small and precomputed). Adding a taxonomy? Add its columns.
DROP VIEW IF EXISTS reporting.taxonomy_comparison CASCADE;

CREATE VIEW reporting.taxonomy_comparison AS
SELECT
    month,
    max(developer_postings)                                          AS developer_postings,
    max(ai_share)         FILTER (WHERE taxonomy_id = 'wanted-2023') AS wanted_2023_ai_share,
    max(ai_share)         FILTER (WHERE taxonomy_id = 'strict')      AS strict_ai_share,
    max(ai_share)         FILTER (WHERE taxonomy_id = 'extended')    AS extended_ai_share,
    max(ai_share)         FILTER (WHERE taxonomy_id = 'genai')       AS genai_ai_share,
    max(ai_share)         FILTER (WHERE taxonomy_id = 'extended-strict') AS extended_strict_ai_share,
    max(ai_share)         FILTER (WHERE taxonomy_id = 'ai-role')     AS ai_role_ai_share,
    max(ai_or_data_share) FILTER (WHERE taxonomy_id = 'wanted-2023') AS wanted_2023_ai_or_data_share,
    max(ai_or_data_share) FILTER (WHERE taxonomy_id = 'strict')      AS strict_ai_or_data_share,
    max(ai_or_data_share) FILTER (WHERE taxonomy_id = 'extended')    AS extended_ai_or_data_share,
    max(ai_or_data_share) FILTER (WHERE taxonomy_id = 'genai')       AS genai_ai_or_data_share,
    max(ai_or_data_share) FILTER (WHERE taxonomy_id = 'extended-strict') AS extended_strict_ai_or_data_share,
    max(ai_or_data_share) FILTER (WHERE taxonomy_id = 'ai-role')     AS ai_role_ai_or_data_share
FROM reporting.monthly_ai_share
GROUP BY month;

COMMENT ON VIEW reporting.taxonomy_comparison IS
    'AI and AI-or-data share of developer postings per month under each shipped taxonomy, side by side';
COMMENT ON COLUMN reporting.taxonomy_comparison.month IS 'First day of the Korea-time month';
COMMENT ON COLUMN reporting.taxonomy_comparison.developer_postings IS
    'Developer (개발) postings of the month, deleted ones excluded (the same under every taxonomy)';
COMMENT ON COLUMN reporting.taxonomy_comparison.wanted_2023_ai_share IS 'AI share under wanted-2023 (the article rule)';
COMMENT ON COLUMN reporting.taxonomy_comparison.strict_ai_share IS 'AI share under strict (job sections only)';
COMMENT ON COLUMN reporting.taxonomy_comparison.extended_ai_share IS 'AI share under extended (plus English terms)';
COMMENT ON COLUMN reporting.taxonomy_comparison.genai_ai_share IS 'Generative-AI share under genai';
COMMENT ON COLUMN reporting.taxonomy_comparison.extended_strict_ai_share IS
    'AI share under extended-strict (extended''s terms, job sections only)';
COMMENT ON COLUMN reporting.taxonomy_comparison.ai_role_ai_share IS
    'Share of AI jobs (not mentions) under ai-role: title, main tasks and requirements only';
COMMENT ON COLUMN reporting.taxonomy_comparison.wanted_2023_ai_or_data_share IS 'AI-or-data share under wanted-2023';
COMMENT ON COLUMN reporting.taxonomy_comparison.strict_ai_or_data_share IS 'AI-or-data share under strict';
COMMENT ON COLUMN reporting.taxonomy_comparison.extended_ai_or_data_share IS 'AI-or-data share under extended';
COMMENT ON COLUMN reporting.taxonomy_comparison.genai_ai_or_data_share IS 'Generative-AI-or-data share under genai';
COMMENT ON COLUMN reporting.taxonomy_comparison.extended_strict_ai_or_data_share IS 'AI-or-data share under extended-strict';
COMMENT ON COLUMN reporting.taxonomy_comparison.ai_role_ai_or_data_share IS 'AI-job-or-data share under ai-role';
