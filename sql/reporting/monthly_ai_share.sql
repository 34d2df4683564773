-- Monthly AI share of new developer (개발) postings, per taxonomy. Deleted postings do not count.
-- Re-created by `ai-job-share migrate` whenever this file changes; refreshed by the DAG after each load.
DROP MATERIALIZED VIEW IF EXISTS reporting.monthly_ai_share CASCADE;

CREATE MATERIALIZED VIEW reporting.monthly_ai_share AS
SELECT
    month,
    taxonomy_id,
    count(*)                                                      AS developer_postings,
    count(*) FILTER (WHERE is_ai)                                 AS ai_postings,
    round(avg(is_ai::int), 4)                                     AS ai_share,
    count(*) FILTER (WHERE is_ai_or_data)                         AS ai_or_data_postings,
    round(avg(is_ai_or_data::int), 4)                             AS ai_or_data_share
FROM core.tagged_postings
WHERE job_group = '개발'
  AND status IS DISTINCT FROM 'deleted'
GROUP BY month, taxonomy_id
WITH DATA;

CREATE UNIQUE INDEX monthly_ai_share_key ON reporting.monthly_ai_share (taxonomy_id, month);

COMMENT ON MATERIALIZED VIEW reporting.monthly_ai_share IS
    'AI share of developer (개발) postings per Korea-time month and taxonomy; refreshed after every monthly load';
