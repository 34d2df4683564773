-- How many developer postings each keyword matched, per Korea-time month and taxonomy (from matched_keywords).
-- Reads the per-month counts of intermediate.monthly_keyword_postings and intermediate.monthly_counts.
DROP MATERIALIZED VIEW IF EXISTS reporting.monthly_keyword_counts CASCADE;

CREATE MATERIALIZED VIEW reporting.monthly_keyword_counts AS
SELECT
    k.month,
    k.taxonomy_id,
    k.keyword,
    k.postings,
    t.developer_postings,
    round(k.postings::numeric / t.developer_postings, 4) AS share
FROM intermediate.monthly_keyword_postings AS k
JOIN intermediate.monthly_counts AS t USING (month, taxonomy_id)
WITH DATA;

CREATE UNIQUE INDEX monthly_keyword_counts_key ON reporting.monthly_keyword_counts (taxonomy_id, month, keyword);

SELECT meta.grant_reporting_access();
