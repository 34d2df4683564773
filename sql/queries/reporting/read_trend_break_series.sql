-- The monthly series the interrupted time series is fitted to: per taxonomy, population (all postings, or first
-- postings: reposts excluded) and measure, the share in percent of every month with postings of the population.
SELECT m.taxonomy_id, v.population, v.measure, m.month, 100.0 * v.hits / v.postings AS share_pp
FROM reporting.monthly_ai_share AS m
CROSS JOIN LATERAL (VALUES
    ('all',            'ai',         m.developer_postings, m.ai_postings),
    ('all',            'ai_or_data', m.developer_postings, m.ai_or_data_postings),
    ('first_postings', 'ai',         m.first_postings,     m.first_ai_postings),
    ('first_postings', 'ai_or_data', m.first_postings,     m.first_ai_or_data_postings)
) AS v (population, measure, postings, hits)
WHERE v.postings > 0
ORDER BY m.taxonomy_id, v.population, v.measure, m.month
