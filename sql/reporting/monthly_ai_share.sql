-- Monthly AI share of new developer (개발) postings, per taxonomy, with its statistics; and the ChatGPT comparison
-- pooled from it. Deleted postings do not count. Re-created by `ai-job-share migrate` whenever this file changes;
-- refreshed by the DAG after each load (sql/queries/warehouse/refresh_reporting.sql, in the order created here).
DROP MATERIALIZED VIEW IF EXISTS reporting.chatgpt_comparison CASCADE;
DROP MATERIALIZED VIEW IF EXISTS reporting.monthly_ai_share CASCADE;

CREATE MATERIALIZED VIEW reporting.monthly_ai_share AS
WITH settings AS (
    SELECT
        (SELECT value::int FROM meta.reporting_settings WHERE name = 'repost_window_days')    AS repost_window_days,
        (SELECT value::int FROM meta.reporting_settings WHERE name = 'small_sample_postings') AS small_sample_postings
),
reposts AS (
    -- A repost: the same company published a counted posting with the same normalised title (title_key) at most
    -- repost_window_days Korea-time calendar days before (ties in time: the lower posting id came first). Only the
    -- latest earlier posting needs checking: if any earlier one is within the window, the latest is. Decided once
    -- per posting, whatever the taxonomy.
    SELECT
        p.month,
        p.keyword_ids,
        p.taxonomy_version_ids,
        p.company_id IS NOT NULL AND p.title_key IS NOT NULL AND coalesce(
            (p.published_at AT TIME ZONE 'Asia/Seoul')::date
            - lag((p.published_at AT TIME ZONE 'Asia/Seoul')::date) OVER (
                PARTITION BY p.company_id, p.title_key ORDER BY p.published_at, p.posting_id
            ) <= (SELECT repost_window_days FROM settings),
            false
        ) AS is_repost
    FROM core.published_postings AS p
    WHERE p.job_group = '개발'
),
-- Postings counted per distinct keyword set first: the taxonomies' flags are then read for a few hundred rows a
-- month instead of for every posting under every taxonomy.
keyword_sets AS (
    SELECT month, keyword_ids, taxonomy_version_ids, is_repost, count(*) AS postings
    FROM reposts
    GROUP BY month, keyword_ids, taxonomy_version_ids, is_repost
),
developer AS (
    SELECT k.month, f.taxonomy_id, f.is_ai, f.is_data, f.is_ai_or_data, k.is_repost, k.postings
    FROM keyword_sets AS k
    CROSS JOIN LATERAL meta.taxonomy_flags(k.keyword_ids, k.taxonomy_version_ids) AS f
),
counts AS (
    SELECT
        month,
        taxonomy_id,
        sum(postings)::bigint                                                           AS developer_postings,
        coalesce(sum(postings) FILTER (WHERE is_ai), 0)::bigint                         AS ai_postings,
        coalesce(sum(postings) FILTER (WHERE is_data), 0)::bigint                       AS data_postings,
        coalesce(sum(postings) FILTER (WHERE is_ai_or_data), 0)::bigint                 AS ai_or_data_postings,
        coalesce(sum(postings) FILTER (WHERE is_repost), 0)::bigint                     AS repost_postings,
        coalesce(sum(postings) FILTER (WHERE NOT is_repost), 0)::bigint                 AS first_postings,
        coalesce(sum(postings) FILTER (WHERE NOT is_repost AND is_ai), 0)::bigint       AS first_ai_postings,
        coalesce(sum(postings) FILTER (WHERE NOT is_repost AND is_ai_or_data), 0)::bigint
                                                                                        AS first_ai_or_data_postings
    FROM developer
    GROUP BY month, taxonomy_id
)
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
    developer_postings < (SELECT small_sample_postings FROM settings)                 AS small_sample,
    repost_postings,
    first_postings,
    first_ai_postings,
    round(first_ai_postings::numeric / nullif(first_postings, 0), 4)                  AS first_ai_share,
    first_ai_or_data_postings,
    round(first_ai_or_data_postings::numeric / nullif(first_postings, 0), 4)          AS first_ai_or_data_share
FROM counts
WINDOW last_3_months AS (
    PARTITION BY taxonomy_id ORDER BY month RANGE BETWEEN INTERVAL '2 months' PRECEDING AND CURRENT ROW
)
WITH DATA;

CREATE UNIQUE INDEX monthly_ai_share_key ON reporting.monthly_ai_share (taxonomy_id, month);

COMMENT ON MATERIALIZED VIEW reporting.monthly_ai_share IS
    'AI share of developer (개발) postings per Korea-time month and taxonomy, with 95% Wilson intervals, 3-month '
    'moving averages and shares over first postings (reposts excluded); refreshed after every monthly load';
COMMENT ON COLUMN reporting.monthly_ai_share.month IS 'First day of the Korea-time month the postings were published in';
COMMENT ON COLUMN reporting.monthly_ai_share.taxonomy_id IS 'Keyword rule set (wanted-2023 is the article''s rule)';
COMMENT ON COLUMN reporting.monthly_ai_share.developer_postings IS
    'Developer (job_group 개발) postings published in the month, deleted ones excluded';
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

-- Pooled shares of the article's months 2022-01..2023-05 before and from the break month (meta.reporting_settings
-- trend_break_month, default 2022-12: ChatGPT was released on 2022-11-30). Pooling measures a trend as a change;
-- the interrupted time series (reporting.chatgpt_trend_break) separates the two.
CREATE MATERIALIZED VIEW reporting.chatgpt_comparison AS
WITH measured AS (
    SELECT m.taxonomy_id, v.population, v.measure, m.month >= b.break_month AS after, v.postings, v.hits
    FROM reporting.monthly_ai_share AS m
    CROSS JOIN LATERAL (VALUES
        ('all',            'ai',         m.developer_postings, m.ai_postings),
        ('all',            'ai_or_data', m.developer_postings, m.ai_or_data_postings),
        ('first_postings', 'ai',         m.first_postings,     m.first_ai_postings),
        ('first_postings', 'ai_or_data', m.first_postings,     m.first_ai_or_data_postings)
    ) AS v (population, measure, postings, hits)
    CROSS JOIN (
        SELECT to_date(value, 'YYYY-MM') AS break_month FROM meta.reporting_settings WHERE name = 'trend_break_month'
    ) AS b
    WHERE m.month BETWEEN DATE '2022-01-01' AND DATE '2023-05-01'
),
pooled AS (
    SELECT
        taxonomy_id,
        population,
        measure,
        count(*) FILTER (WHERE NOT after)                      AS before_months,
        coalesce(sum(postings) FILTER (WHERE NOT after), 0)::bigint AS before_postings,
        coalesce(sum(hits) FILTER (WHERE NOT after), 0)::bigint     AS before_hits,
        count(*) FILTER (WHERE after)                          AS after_months,
        coalesce(sum(postings) FILTER (WHERE after), 0)::bigint     AS after_postings,
        coalesce(sum(hits) FILTER (WHERE after), 0)::bigint         AS after_hits
    FROM measured
    GROUP BY taxonomy_id, population, measure
),
tested AS (
    SELECT
        p.*,
        p.after_hits::float8 / nullif(p.after_postings, 0) - p.before_hits::float8 / nullif(p.before_postings, 0)
            AS difference,
        reporting.difference_se(p.before_hits, p.before_postings, p.after_hits, p.after_postings) AS se,
        reporting.two_proportion_z(p.before_hits, p.before_postings, p.after_hits, p.after_postings) AS z
    FROM pooled AS p
)
SELECT
    taxonomy_id,
    population,
    measure,
    before_months,
    before_postings,
    before_hits,
    round(before_hits::numeric / nullif(before_postings, 0), 4)                 AS before_share,
    after_months,
    after_postings,
    after_hits,
    round(after_hits::numeric / nullif(after_postings, 0), 4)                   AS after_share,
    round((100 * difference)::numeric, 2)                                       AS difference_pp,
    round((100 * (difference - 1.959963984540054 * se))::numeric, 2)            AS difference_ci_low_pp,
    round((100 * (difference + 1.959963984540054 * se))::numeric, 2)            AS difference_ci_high_pp,
    z                                                                           AS z_statistic,
    reporting.two_sided_p_value(z)                                              AS p_value,
    reporting.two_sided_p_value(z) < 0.05                                       AS significant_at_5pct
FROM tested
WITH DATA;

CREATE UNIQUE INDEX chatgpt_comparison_key ON reporting.chatgpt_comparison (taxonomy_id, population, measure);

COMMENT ON MATERIALIZED VIEW reporting.chatgpt_comparison IS
    'Pooled share of developer postings of 2022-01..2023-05 before and from the break month (meta.reporting_settings '
    'trend_break_month, default 2022-12: ChatGPT was released on 2022-11-30), per taxonomy, population and measure: '
    'difference with its 95% interval and a two-proportion z-test. Pooling counts a steady trend as a change: see '
    'reporting.chatgpt_trend_break for the interrupted time series. Pooled from reporting.monthly_ai_share';
COMMENT ON COLUMN reporting.chatgpt_comparison.taxonomy_id IS 'Keyword rule set';
COMMENT ON COLUMN reporting.chatgpt_comparison.population IS
    'all: every developer posting; first_postings: reposts excluded (see reporting.monthly_ai_share.repost_postings)';
COMMENT ON COLUMN reporting.chatgpt_comparison.measure IS 'ai: AI-related share; ai_or_data: AI- or data-related share';
COMMENT ON COLUMN reporting.chatgpt_comparison.before_months IS 'Months of 2022-01..2023-05 before the break month with postings loaded';
COMMENT ON COLUMN reporting.chatgpt_comparison.before_postings IS 'Postings of the population in those months';
COMMENT ON COLUMN reporting.chatgpt_comparison.before_hits IS 'Of before_postings, those the measure counts';
COMMENT ON COLUMN reporting.chatgpt_comparison.before_share IS 'before_hits / before_postings (0..1), 4 decimals';
COMMENT ON COLUMN reporting.chatgpt_comparison.after_months IS 'Months of 2022-01..2023-05 from the break month on with postings loaded';
COMMENT ON COLUMN reporting.chatgpt_comparison.after_postings IS 'Postings of the population in those months';
COMMENT ON COLUMN reporting.chatgpt_comparison.after_hits IS 'Of after_postings, those the measure counts';
COMMENT ON COLUMN reporting.chatgpt_comparison.after_share IS 'after_hits / after_postings (0..1), 4 decimals';
COMMENT ON COLUMN reporting.chatgpt_comparison.difference_pp IS
    'after share - before share, in percentage points (2 decimals); NULL when a period has no postings';
COMMENT ON COLUMN reporting.chatgpt_comparison.difference_ci_low_pp IS
    'Lower bound of the 95% interval of difference_pp (Wald, unpooled standard error)';
COMMENT ON COLUMN reporting.chatgpt_comparison.difference_ci_high_pp IS
    'Upper bound of the 95% interval of difference_pp (Wald, unpooled standard error)';
COMMENT ON COLUMN reporting.chatgpt_comparison.z_statistic IS
    'Two-proportion z statistic (pooled standard error); NULL when a period is empty or the pooled share is 0 or 1';
COMMENT ON COLUMN reporting.chatgpt_comparison.p_value IS
    'Two-sided p-value of z_statistic under the standard normal distribution (erfc(|z|/sqrt 2))';
COMMENT ON COLUMN reporting.chatgpt_comparison.significant_at_5pct IS 'p_value < 0.05';

SELECT meta.grant_reporting_access();
