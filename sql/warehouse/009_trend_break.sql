-- Interrupted time series of the monthly shares (issue 15): did a share change its level or its trend at the
-- break month? The break month and the event it stands for are settings, read by the pooled comparison
-- (reporting.chatgpt_comparison), the model (plugins/ai_job_share/trend_break.py) and the report outputs. Change
-- them with e.g.  UPDATE meta.reporting_settings SET value = '2023-03' WHERE name = 'trend_break_month';
-- then refresh (the next DAG run).
ALTER TABLE meta.reporting_settings ADD CONSTRAINT reporting_settings_month_values
    CHECK (name <> 'trend_break_month' OR value ~ '^[0-9]{4}-(0[1-9]|1[0-2])$');

INSERT INTO meta.reporting_settings (name, value, description) VALUES
    ('trend_break_month', '2022-12',
     'The first month after the event under test (YYYY-MM): the interrupted time series '
     '(reporting.chatgpt_trend_break) breaks there, and the pooled comparison counts it as the first month after'),
    ('trend_break_event', 'ChatGPT released 2022-11-30',
     'What happened just before trend_break_month, as charts and reports name it')
ON CONFLICT (name) DO NOTHING;

-- Written by the refresh of the reporting views (plugins/ai_job_share/trend_break_tables.py): both tables are
-- replaced in one transaction from reporting.monthly_ai_share, so readers see the previous or the new figures.
CREATE TABLE reporting.chatgpt_trend_break (
    taxonomy_id               text             NOT NULL,
    population                text             NOT NULL,
    measure                   text             NOT NULL,
    break_month               date             NOT NULL,
    first_month               date             NOT NULL,
    last_month                date             NOT NULL,
    months_before             integer          NOT NULL,
    months_after              integer          NOT NULL,
    hac_lags                  integer,
    pre_level_pp              double precision,
    pre_level_ci_low_pp       double precision,
    pre_level_ci_high_pp      double precision,
    pre_slope_pp              double precision,
    pre_slope_ci_low_pp       double precision,
    pre_slope_ci_high_pp      double precision,
    level_change_pp           double precision,
    level_change_ci_low_pp    double precision,
    level_change_ci_high_pp   double precision,
    level_change_p_value      double precision,
    slope_change_pp           double precision,
    slope_change_ci_low_pp    double precision,
    slope_change_ci_high_pp   double precision,
    slope_change_p_value      double precision,
    significant_level_change  boolean,
    significant_slope_change  boolean,
    placebo_months            integer          NOT NULL,
    level_change_rank         integer,
    slope_change_rank         integer,
    verdict                   text             NOT NULL,
    PRIMARY KEY (taxonomy_id, population, measure)
);

CREATE TABLE reporting.chatgpt_trend_break_placebo (
    taxonomy_id              text             NOT NULL,
    population               text             NOT NULL,
    measure                  text             NOT NULL,
    break_month              date             NOT NULL,
    is_break_month           boolean          NOT NULL,
    months_before            integer          NOT NULL,
    months_after             integer          NOT NULL,
    level_change_pp          double precision NOT NULL,
    level_change_ci_low_pp   double precision,
    level_change_ci_high_pp  double precision,
    level_change_p_value     double precision,
    slope_change_pp          double precision NOT NULL,
    slope_change_ci_low_pp   double precision,
    slope_change_ci_high_pp  double precision,
    slope_change_p_value     double precision,
    level_change_rank        integer,
    slope_change_rank        integer,
    PRIMARY KEY (taxonomy_id, population, measure, break_month)
);

COMMENT ON TABLE reporting.chatgpt_trend_break IS
    'Interrupted time series of the monthly share per taxonomy, population and measure: a segmented regression '
    '(OLS, Newey-West errors) with its break at meta.reporting_settings trend_break_month (default 2022-12, the '
    'first month after ChatGPT''s release); replaced by every refresh of the reporting views';
COMMENT ON COLUMN reporting.chatgpt_trend_break.taxonomy_id IS 'Keyword rule set';
COMMENT ON COLUMN reporting.chatgpt_trend_break.population IS
    'all: every developer posting; first_postings: reposts excluded (as in reporting.monthly_ai_share)';
COMMENT ON COLUMN reporting.chatgpt_trend_break.measure IS 'ai: the AI share; ai_or_data: the AI-or-data share';
COMMENT ON COLUMN reporting.chatgpt_trend_break.break_month IS
    'First month of the segment after the break (meta.reporting_settings trend_break_month)';
COMMENT ON COLUMN reporting.chatgpt_trend_break.first_month IS 'First month of the series (every month loaded)';
COMMENT ON COLUMN reporting.chatgpt_trend_break.last_month IS 'Last month of the series';
COMMENT ON COLUMN reporting.chatgpt_trend_break.months_before IS 'Months of the series before break_month';
COMMENT ON COLUMN reporting.chatgpt_trend_break.months_after IS 'Months of the series from break_month on';
COMMENT ON COLUMN reporting.chatgpt_trend_break.hac_lags IS
    'Lags of the Newey-West errors: floor(4 (months/100)^(2/9)); NULL when there were too few months to fit';
COMMENT ON COLUMN reporting.chatgpt_trend_break.pre_level_pp IS
    'Share (percent) the trend before the break reaches at break_month: the level the change is measured from';
COMMENT ON COLUMN reporting.chatgpt_trend_break.pre_level_ci_low_pp IS 'Lower bound of the 95% interval of pre_level_pp';
COMMENT ON COLUMN reporting.chatgpt_trend_break.pre_level_ci_high_pp IS
    'Upper bound of the 95% interval of pre_level_pp';
COMMENT ON COLUMN reporting.chatgpt_trend_break.pre_slope_pp IS
    'Trend before the break, in percentage points per month';
COMMENT ON COLUMN reporting.chatgpt_trend_break.pre_slope_ci_low_pp IS 'Lower bound of the 95% interval of pre_slope_pp';
COMMENT ON COLUMN reporting.chatgpt_trend_break.pre_slope_ci_high_pp IS
    'Upper bound of the 95% interval of pre_slope_pp';
COMMENT ON COLUMN reporting.chatgpt_trend_break.level_change_pp IS
    'Jump at break_month above the trend before it, in percentage points';
COMMENT ON COLUMN reporting.chatgpt_trend_break.level_change_ci_low_pp IS
    'Lower bound of the 95% interval of level_change_pp (Newey-West errors, Student t with months - 4 df)';
COMMENT ON COLUMN reporting.chatgpt_trend_break.level_change_ci_high_pp IS
    'Upper bound of the 95% interval of level_change_pp';
COMMENT ON COLUMN reporting.chatgpt_trend_break.level_change_p_value IS
    'Two-sided p-value of level_change_pp = 0; NULL when the series lies exactly on two lines';
COMMENT ON COLUMN reporting.chatgpt_trend_break.slope_change_pp IS
    'Change of the trend from break_month on, in percentage points per month';
COMMENT ON COLUMN reporting.chatgpt_trend_break.slope_change_ci_low_pp IS
    'Lower bound of the 95% interval of slope_change_pp';
COMMENT ON COLUMN reporting.chatgpt_trend_break.slope_change_ci_high_pp IS
    'Upper bound of the 95% interval of slope_change_pp';
COMMENT ON COLUMN reporting.chatgpt_trend_break.slope_change_p_value IS 'Two-sided p-value of slope_change_pp = 0';
COMMENT ON COLUMN reporting.chatgpt_trend_break.significant_level_change IS 'level_change_p_value < 0.05';
COMMENT ON COLUMN reporting.chatgpt_trend_break.significant_slope_change IS 'slope_change_p_value < 0.05';
COMMENT ON COLUMN reporting.chatgpt_trend_break.placebo_months IS
    'Candidate break months (at least 3 months on each side, break_month included): see '
    'reporting.chatgpt_trend_break_placebo';
COMMENT ON COLUMN reporting.chatgpt_trend_break.level_change_rank IS
    'Rank of break_month among the candidate months by level-change p-value (1: no month shows a clearer jump)';
COMMENT ON COLUMN reporting.chatgpt_trend_break.slope_change_rank IS
    'Rank of break_month among the candidate months by slope-change p-value';
COMMENT ON COLUMN reporting.chatgpt_trend_break.verdict IS 'The result in one plain-language sentence';

COMMENT ON TABLE reporting.chatgpt_trend_break_placebo IS
    'Placebo check of reporting.chatgpt_trend_break: the same model with its break at every month that leaves at '
    'least 3 months on each side; a change that belongs to break_month makes it rank first';
COMMENT ON COLUMN reporting.chatgpt_trend_break_placebo.taxonomy_id IS 'Keyword rule set';
COMMENT ON COLUMN reporting.chatgpt_trend_break_placebo.population IS 'all or first_postings (reposts excluded)';
COMMENT ON COLUMN reporting.chatgpt_trend_break_placebo.measure IS 'ai or ai_or_data';
COMMENT ON COLUMN reporting.chatgpt_trend_break_placebo.break_month IS 'The candidate break month of this fit';
COMMENT ON COLUMN reporting.chatgpt_trend_break_placebo.is_break_month IS
    'True for the month of meta.reporting_settings trend_break_month (the real break)';
COMMENT ON COLUMN reporting.chatgpt_trend_break_placebo.months_before IS 'Months of the series before break_month';
COMMENT ON COLUMN reporting.chatgpt_trend_break_placebo.months_after IS 'Months of the series from break_month on';
COMMENT ON COLUMN reporting.chatgpt_trend_break_placebo.level_change_pp IS
    'Jump at break_month above the trend before it, in percentage points';
COMMENT ON COLUMN reporting.chatgpt_trend_break_placebo.level_change_ci_low_pp IS
    'Lower bound of the 95% interval of level_change_pp';
COMMENT ON COLUMN reporting.chatgpt_trend_break_placebo.level_change_ci_high_pp IS
    'Upper bound of the 95% interval of level_change_pp';
COMMENT ON COLUMN reporting.chatgpt_trend_break_placebo.level_change_p_value IS
    'Two-sided p-value of level_change_pp = 0';
COMMENT ON COLUMN reporting.chatgpt_trend_break_placebo.slope_change_pp IS
    'Change of the trend from break_month on, in percentage points per month';
COMMENT ON COLUMN reporting.chatgpt_trend_break_placebo.slope_change_ci_low_pp IS
    'Lower bound of the 95% interval of slope_change_pp';
COMMENT ON COLUMN reporting.chatgpt_trend_break_placebo.slope_change_ci_high_pp IS
    'Upper bound of the 95% interval of slope_change_pp';
COMMENT ON COLUMN reporting.chatgpt_trend_break_placebo.slope_change_p_value IS
    'Two-sided p-value of slope_change_pp = 0';
COMMENT ON COLUMN reporting.chatgpt_trend_break_placebo.level_change_rank IS
    'Rank of this month among the candidates of the series by level-change p-value (1: smallest)';
COMMENT ON COLUMN reporting.chatgpt_trend_break_placebo.slope_change_rank IS
    'Rank of this month among the candidates of the series by slope-change p-value (1: smallest)';
