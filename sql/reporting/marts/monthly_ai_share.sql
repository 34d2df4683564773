-- Monthly AI share of new developer postings, per taxonomy, with its statistics. Deleted postings do not
-- count. Reads the per-month counts of intermediate.monthly_counts and the constants of staging.reporting_settings.
DROP MATERIALIZED VIEW IF EXISTS reporting.monthly_ai_share CASCADE;

CREATE MATERIALIZED VIEW reporting.monthly_ai_share AS
SELECT
    month,
    taxonomy_id,
    developer_postings,
    ai_postings,
    round(ai_postings::numeric / developer_postings, 4)                               AS ai_share,
    ai_or_data_postings,
    round(ai_or_data_postings::numeric / developer_postings, 4)                       AS ai_or_data_share,
    data_postings,
    round(data_postings::numeric / developer_postings, 4)                             AS data_share,
    round(reporting.wilson_low(ai_postings, developer_postings)::numeric, 4)          AS ai_share_ci_low,
    round(reporting.wilson_high(ai_postings, developer_postings)::numeric, 4)         AS ai_share_ci_high,
    round(reporting.wilson_low(data_postings, developer_postings)::numeric, 4)        AS data_share_ci_low,
    round(reporting.wilson_high(data_postings, developer_postings)::numeric, 4)       AS data_share_ci_high,
    round(reporting.wilson_low(ai_or_data_postings, developer_postings)::numeric, 4)  AS ai_or_data_share_ci_low,
    round(reporting.wilson_high(ai_or_data_postings, developer_postings)::numeric, 4) AS ai_or_data_share_ci_high,
    CASE WHEN count(*) OVER last_3_months = 3
         THEN round(avg(ai_postings::numeric / developer_postings) OVER last_3_months, 4) END
                                                                                      AS ai_share_ma3,
    CASE WHEN count(*) OVER last_3_months = 3
         THEN round(avg(data_postings::numeric / developer_postings) OVER last_3_months, 4) END
                                                                                      AS data_share_ma3,
    CASE WHEN count(*) OVER last_3_months = 3
         THEN round(avg(ai_or_data_postings::numeric / developer_postings) OVER last_3_months, 4) END
                                                                                      AS ai_or_data_share_ma3,
    developer_postings < (SELECT small_sample_postings FROM staging.reporting_settings) AS small_sample,
    repost_postings,
    first_postings,
    first_ai_postings,
    round(first_ai_postings::numeric / nullif(first_postings, 0), 4)                  AS first_ai_share,
    first_ai_or_data_postings,
    round(first_ai_or_data_postings::numeric / nullif(first_postings, 0), 4)          AS first_ai_or_data_share
FROM intermediate.monthly_counts
WINDOW last_3_months AS (
    PARTITION BY taxonomy_id ORDER BY month RANGE BETWEEN INTERVAL '2 months' PRECEDING AND CURRENT ROW
)
WITH DATA;

CREATE UNIQUE INDEX monthly_ai_share_key ON reporting.monthly_ai_share (taxonomy_id, month);

SELECT meta.grant_reporting_access();
