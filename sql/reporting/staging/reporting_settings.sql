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

COMMENT ON VIEW staging.reporting_settings IS
    'The reporting constants in one row: the settings of meta.reporting_settings, typed, and the article''s period';
COMMENT ON COLUMN staging.reporting_settings.repost_window_days IS
    'A posting is a repost when the same company published the same title at most this many days before';
COMMENT ON COLUMN staging.reporting_settings.small_sample_postings IS
    'Months with fewer developer postings are flagged small_sample';
COMMENT ON COLUMN staging.reporting_settings.breakdown_min_postings IS
    'Breakdown cells with fewer developer postings are suppressed';
COMMENT ON COLUMN staging.reporting_settings.break_month IS
    'The first month after the break (trend_break_month): the comparison pools the months before it and from it on';
COMMENT ON COLUMN staging.reporting_settings.break_event IS 'What happened just before break_month (trend_break_event)';
COMMENT ON COLUMN staging.reporting_settings.period_first_month IS 'First month of the article''s period';
COMMENT ON COLUMN staging.reporting_settings.period_last_month IS 'Last month of the article''s period';
COMMENT ON COLUMN staging.reporting_settings.z_95 IS 'The standard normal quantile of a two-sided 95% interval';
