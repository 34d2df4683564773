-- Pooled shares of the article's months 2022-01..2023-05 before and from the break month (meta.reporting_settings
-- trend_break_month, default 2022-12: ChatGPT was released on 2022-11-30). Pooling measures a trend as a change;
-- the interrupted time series (reporting.chatgpt_trend_break) separates the two. Constants from
-- staging.reporting_settings.
DROP MATERIALIZED VIEW IF EXISTS reporting.chatgpt_comparison CASCADE;

CREATE MATERIALIZED VIEW reporting.chatgpt_comparison AS
WITH measured AS (
    SELECT m.taxonomy_id, m.population, m.measure, m.month >= s.break_month AS after, m.postings, m.hits
    FROM reporting.monthly_measures AS m
    CROSS JOIN staging.reporting_settings AS s
    WHERE m.month BETWEEN s.period_first_month AND s.period_last_month
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
        reporting.two_proportion_z(p.before_hits, p.before_postings, p.after_hits, p.after_postings) AS z,
        s.z_95
    FROM pooled AS p
    CROSS JOIN staging.reporting_settings AS s
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
    round((100 * (difference - z_95 * se))::numeric, 2)            AS difference_ci_low_pp,
    round((100 * (difference + z_95 * se))::numeric, 2)            AS difference_ci_high_pp,
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
    'reporting.chatgpt_trend_break for the interrupted time series. Pooled from reporting.monthly_measures';
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
