-- Each month against the same month a year earlier, per taxonomy, population and measure: a change no season can
-- make (a January against the January before), with its 95% interval and a two-proportion z-test. Only months
-- whose month a year earlier is loaded too. A plain view over reporting.monthly_measures (small, precomputed); the
-- z of the interval from staging.reporting_settings.
DROP VIEW IF EXISTS reporting.year_over_year CASCADE;

CREATE VIEW reporting.year_over_year AS
WITH paired AS (
    SELECT
        m.month, m.taxonomy_id, m.population, m.measure,
        earlier.postings AS year_earlier_postings, earlier.hits AS year_earlier_hits, m.postings, m.hits,
        m.hits::float8 / nullif(m.postings, 0) - earlier.hits::float8 / nullif(earlier.postings, 0) AS change,
        reporting.difference_se(earlier.hits, earlier.postings, m.hits, m.postings) AS se,
        reporting.two_proportion_z(earlier.hits, earlier.postings, m.hits, m.postings) AS z
    FROM reporting.monthly_measures AS m
    JOIN reporting.monthly_measures AS earlier
        ON earlier.month = (m.month - INTERVAL '1 year')::date
       AND (earlier.taxonomy_id, earlier.population, earlier.measure) = (m.taxonomy_id, m.population, m.measure)
)
SELECT
    p.month, p.taxonomy_id, p.population, p.measure,
    p.year_earlier_postings, p.year_earlier_hits,
    round(p.year_earlier_hits::numeric / nullif(p.year_earlier_postings, 0), 4) AS year_earlier_share,
    p.postings, p.hits, round(p.hits::numeric / nullif(p.postings, 0), 4) AS share,
    round((100 * p.change)::numeric, 2) AS change_pp,
    round((100 * (p.change - s.z_95 * p.se))::numeric, 2) AS change_ci_low_pp,
    round((100 * (p.change + s.z_95 * p.se))::numeric, 2) AS change_ci_high_pp,
    p.z AS z_statistic,
    reporting.two_sided_p_value(p.z) AS p_value
FROM paired AS p
CROSS JOIN staging.reporting_settings AS s;

SELECT meta.grant_reporting_access();
