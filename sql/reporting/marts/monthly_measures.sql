-- The monthly counts in long form: one row per month, taxonomy, population (all developer postings, or first
-- postings: reposts excluded) and measure (ai, ai_or_data). What the pooled comparison and the interrupted time
-- series (plugins/ai_job_share/trend_break_tables.py) read. A plain view over reporting.monthly_ai_share.
DROP VIEW IF EXISTS reporting.monthly_measures CASCADE;

CREATE VIEW reporting.monthly_measures AS
SELECT m.month, m.taxonomy_id, v.population, v.measure, v.postings, v.hits
FROM reporting.monthly_ai_share AS m
CROSS JOIN LATERAL (VALUES
    ('all',            'ai',         m.developer_postings, m.ai_postings),
    ('all',            'ai_or_data', m.developer_postings, m.ai_or_data_postings),
    ('first_postings', 'ai',         m.first_postings,     m.first_ai_postings),
    ('first_postings', 'ai_or_data', m.first_postings,     m.first_ai_or_data_postings)
) AS v (population, measure, postings, hits);

SELECT meta.grant_reporting_access();
