-- Data-quality checks of one month, run after its load and before the BI views are refreshed.
-- SQLCheckOperator fails the task when any column is false; the column names say which check failed.
-- Parameter: interval_start (the run's data_interval_start; the month is its Korea-time month).
WITH target AS (
    SELECT (%(interval_start)s::timestamptz AT TIME ZONE 'Asia/Seoul')::date AS month
),
extracted AS (
    -- What the ingest tasks wrote for the published load, as they counted it.
    SELECT coalesce(sum(c.postings), 0) AS postings
    FROM meta.load_chunks AS c
    JOIN meta.month_loads AS m ON m.load_id = c.load_id
    WHERE m.month = (SELECT month FROM target)
),
excluded AS (
    SELECT count(DISTINCT posting_id) AS postings
    FROM core.posting_issues
    WHERE month = (SELECT month FROM target) AND stage = 'load' AND action = 'excluded'
),
per_taxonomy AS (
    SELECT taxonomy_id,
           count(*)                                       AS loaded,
           count(DISTINCT posting_id)                     AS distinct_postings,
           count(*) FILTER (WHERE d.every_posting OR job_group = ANY(d.job_groups)) AS developer_postings,
           avg(is_ai::int)                                AS ai_share,
           avg(is_ai_or_data::int)                        AS ai_or_data_share
    FROM core.tagged_postings
    CROSS JOIN meta.developer_definition AS d  -- which job groups count (the developer_job_groups setting)
    WHERE month = (SELECT month FROM target)
    GROUP BY taxonomy_id
)
SELECT
    coalesce(bool_and(t.loaded + excluded.postings = extracted.postings), false) AS extracted_equals_loaded_plus_excluded,
    coalesce(bool_and(t.loaded = t.distinct_postings), false)                     AS no_duplicate_posting_per_taxonomy,
    coalesce(bool_and(t.ai_share BETWEEN 0 AND 1 AND t.ai_or_data_share BETWEEN 0 AND 1), false)
                                                                                   AS every_share_within_0_and_1,
    coalesce(bool_and(t.developer_postings > 0), false)                            AS month_has_developer_postings
FROM extracted
CROSS JOIN excluded
LEFT JOIN per_taxonomy AS t ON true
