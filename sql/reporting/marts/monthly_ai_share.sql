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

COMMENT ON MATERIALIZED VIEW reporting.monthly_ai_share IS
    'AI share of developer postings per Korea-time month and taxonomy, with 95% Wilson intervals, 3-month '
    'moving averages and shares over first postings (reposts excluded); refreshed after every monthly load';
COMMENT ON COLUMN reporting.monthly_ai_share.month IS 'First day of the Korea-time month the postings were published in';
COMMENT ON COLUMN reporting.monthly_ai_share.taxonomy_id IS 'Keyword rule set (wanted-2023 is the article''s rule)';
COMMENT ON COLUMN reporting.monthly_ai_share.developer_postings IS
    'Developer postings (the developer_job_groups setting) published in the month, deleted ones excluded';
COMMENT ON COLUMN reporting.monthly_ai_share.ai_postings IS 'Developer postings tagged AI-related (is_ai)';
COMMENT ON COLUMN reporting.monthly_ai_share.ai_share IS 'ai_postings / developer_postings, a fraction (0..1), 4 decimals';
COMMENT ON COLUMN reporting.monthly_ai_share.ai_or_data_postings IS 'Developer postings tagged AI- or data-related';
COMMENT ON COLUMN reporting.monthly_ai_share.ai_or_data_share IS 'ai_or_data_postings / developer_postings (0..1)';
COMMENT ON COLUMN reporting.monthly_ai_share.data_postings IS 'Developer postings tagged data-related (is_data)';
COMMENT ON COLUMN reporting.monthly_ai_share.data_share IS 'data_postings / developer_postings (0..1)';
COMMENT ON COLUMN reporting.monthly_ai_share.ai_share_ci_low IS 'Lower bound of the 95% Wilson interval of ai_share';
COMMENT ON COLUMN reporting.monthly_ai_share.ai_share_ci_high IS 'Upper bound of the 95% Wilson interval of ai_share';
COMMENT ON COLUMN reporting.monthly_ai_share.data_share_ci_low IS 'Lower bound of the 95% Wilson interval of data_share';
COMMENT ON COLUMN reporting.monthly_ai_share.data_share_ci_high IS
    'Upper bound of the 95% Wilson interval of data_share';
COMMENT ON COLUMN reporting.monthly_ai_share.ai_or_data_share_ci_low IS
    'Lower bound of the 95% Wilson interval of ai_or_data_share';
COMMENT ON COLUMN reporting.monthly_ai_share.ai_or_data_share_ci_high IS
    'Upper bound of the 95% Wilson interval of ai_or_data_share';
COMMENT ON COLUMN reporting.monthly_ai_share.ai_share_ma3 IS
    'Mean of ai_share over this month and the two calendar months before; NULL unless all three are present';
COMMENT ON COLUMN reporting.monthly_ai_share.data_share_ma3 IS
    'Mean of data_share over this month and the two calendar months before; NULL unless all three are present';
COMMENT ON COLUMN reporting.monthly_ai_share.ai_or_data_share_ma3 IS
    'Mean of ai_or_data_share over this month and the two calendar months before; NULL unless all three are present';
COMMENT ON COLUMN reporting.monthly_ai_share.small_sample IS
    'True when developer_postings is below meta.reporting_settings small_sample_postings (default 100): '
    'read the shares with care';
COMMENT ON COLUMN reporting.monthly_ai_share.repost_postings IS
    'Developer postings that are reposts: same company, same normalised title, an earlier developer posting at most '
    'repost_window_days (meta.reporting_settings, default 30) Korea-time days before';
COMMENT ON COLUMN reporting.monthly_ai_share.first_postings IS 'developer_postings - repost_postings';
COMMENT ON COLUMN reporting.monthly_ai_share.first_ai_postings IS 'First postings (not reposts) tagged AI-related';
COMMENT ON COLUMN reporting.monthly_ai_share.first_ai_share IS 'first_ai_postings / first_postings (0..1)';
COMMENT ON COLUMN reporting.monthly_ai_share.first_ai_or_data_postings IS
    'First postings (not reposts) tagged AI- or data-related';
COMMENT ON COLUMN reporting.monthly_ai_share.first_ai_or_data_share IS
    'first_ai_or_data_postings / first_postings (0..1)';

SELECT meta.grant_reporting_access();
