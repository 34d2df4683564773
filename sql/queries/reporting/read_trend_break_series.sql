-- The monthly series the interrupted time series is fitted to: per taxonomy, population (all postings, or first
-- postings: reposts excluded) and measure, the share in percent of every month with postings of the population.
SELECT taxonomy_id, population, measure, month, 100.0 * hits / postings AS share_pp
FROM reporting.monthly_measures
WHERE postings > 0
ORDER BY taxonomy_id, population, measure, month
