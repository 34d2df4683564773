-- Every constant the reporting views use, in one row: the settings of meta.reporting_settings (which users change;
-- see docs/data-dictionary.md), typed, and the fixed period of the article. The marts read them from here.
DROP VIEW IF EXISTS staging.reporting_settings CASCADE;

CREATE VIEW staging.reporting_settings AS
SELECT
    (SELECT value::int FROM meta.reporting_settings WHERE name = 'repost_window_days')     AS repost_window_days,
    (SELECT value::int FROM meta.reporting_settings WHERE name = 'small_sample_postings')  AS small_sample_postings,
    (SELECT value::int FROM meta.reporting_settings WHERE name = 'breakdown_min_postings') AS breakdown_min_postings,
    (SELECT to_date(value, 'YYYY-MM') FROM meta.reporting_settings WHERE name = 'trend_break_month') AS break_month,
    (SELECT value FROM meta.reporting_settings WHERE name = 'trend_break_event')            AS break_event,
    DATE '2022-01-01'                                                                       AS period_first_month,
    DATE '2023-05-01'                                                                       AS period_last_month,
    1.959963984540054::float8                                                               AS z_95;
