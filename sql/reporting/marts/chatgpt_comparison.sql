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

SELECT meta.grant_reporting_access();
