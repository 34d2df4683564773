-- The trend break's verdict needs both p-values: with few months the Newey-West errors are too narrow (about 1
-- plain trend in 5 of 17 months looks like a change under them alone; docs/adr/0005-interrupted-time-series.md),
-- so a change is called significant only when the classical OLS errors agree.
-- Numbered 011 since 010_load_wide_issues landed beside it as 010; idempotent, so a warehouse that applied it as
-- 010_trend_break_classical_p_values.sql applies it again harmlessly.
ALTER TABLE reporting.chatgpt_trend_break
    ADD COLUMN IF NOT EXISTS level_change_classical_p_value double precision,
    ADD COLUMN IF NOT EXISTS slope_change_classical_p_value double precision;

COMMENT ON COLUMN reporting.chatgpt_trend_break.level_change_classical_p_value IS
    'Two-sided p-value of level_change_pp = 0 under the classical OLS errors (no allowance for autocorrelation)';
COMMENT ON COLUMN reporting.chatgpt_trend_break.slope_change_classical_p_value IS
    'Two-sided p-value of slope_change_pp = 0 under the classical OLS errors';
COMMENT ON COLUMN reporting.chatgpt_trend_break.significant_level_change IS
    'level_change_p_value (Newey-West) and level_change_classical_p_value both below 0.05';
COMMENT ON COLUMN reporting.chatgpt_trend_break.significant_slope_change IS
    'slope_change_p_value (Newey-West) and slope_change_classical_p_value both below 0.05';
