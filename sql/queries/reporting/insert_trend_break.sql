INSERT INTO reporting.chatgpt_trend_break (
    taxonomy_id, population, measure, break_month, first_month, last_month, months_before, months_after, hac_lags,
    pre_level_pp, pre_level_ci_low_pp, pre_level_ci_high_pp, pre_slope_pp, pre_slope_ci_low_pp, pre_slope_ci_high_pp,
    level_change_pp, level_change_ci_low_pp, level_change_ci_high_pp, level_change_p_value,
    slope_change_pp, slope_change_ci_low_pp, slope_change_ci_high_pp, slope_change_p_value,
    level_change_classical_p_value, slope_change_classical_p_value,
    significant_level_change, significant_slope_change, placebo_months, level_change_rank, slope_change_rank, verdict
) VALUES (
    %(taxonomy_id)s, %(population)s, %(measure)s, %(break_month)s, %(first_month)s, %(last_month)s,
    %(months_before)s, %(months_after)s, %(hac_lags)s,
    %(pre_level_pp)s, %(pre_level_ci_low_pp)s, %(pre_level_ci_high_pp)s,
    %(pre_slope_pp)s, %(pre_slope_ci_low_pp)s, %(pre_slope_ci_high_pp)s,
    %(level_change_pp)s, %(level_change_ci_low_pp)s, %(level_change_ci_high_pp)s, %(level_change_p_value)s,
    %(slope_change_pp)s, %(slope_change_ci_low_pp)s, %(slope_change_ci_high_pp)s, %(slope_change_p_value)s,
    %(level_change_classical_p_value)s, %(slope_change_classical_p_value)s,
    %(significant_level_change)s, %(significant_slope_change)s, %(placebo_months)s, %(level_change_rank)s,
    %(slope_change_rank)s, %(verdict)s
)
