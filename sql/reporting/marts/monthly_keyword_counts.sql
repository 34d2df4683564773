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

COMMENT ON MATERIALIZED VIEW reporting.monthly_keyword_counts IS
    'Developer postings matching each keyword per Korea-time month and taxonomy; a keyword that matched no posting '
    'of a month has no row for it';
COMMENT ON COLUMN reporting.monthly_keyword_counts.month IS 'First day of the Korea-time month';
COMMENT ON COLUMN reporting.monthly_keyword_counts.taxonomy_id IS 'Keyword rule set';
COMMENT ON COLUMN reporting.monthly_keyword_counts.keyword IS
    'A keyword of the taxonomy as listed in core.tagged_postings.matched_keywords (e.g. AI, 머신러닝, 딥러닝, 데이터)';
COMMENT ON COLUMN reporting.monthly_keyword_counts.postings IS
    'Developer postings (deleted ones excluded) matching the keyword at least once; a posting matching several '
    'keywords counts once under each';
COMMENT ON COLUMN reporting.monthly_keyword_counts.developer_postings IS 'All developer postings of the month';
COMMENT ON COLUMN reporting.monthly_keyword_counts.share IS 'postings / developer_postings (0..1), 4 decimals';

SELECT meta.grant_reporting_access();
