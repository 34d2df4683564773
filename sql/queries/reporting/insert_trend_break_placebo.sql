INSERT INTO reporting.chatgpt_trend_break_placebo (
    taxonomy_id, population, measure, break_month, is_break_month, months_before, months_after,
    level_change_pp, level_change_ci_low_pp, level_change_ci_high_pp, level_change_p_value,
    slope_change_pp, slope_change_ci_low_pp, slope_change_ci_high_pp, slope_change_p_value,
    level_change_rank, slope_change_rank
) VALUES (
    %(taxonomy_id)s, %(population)s, %(measure)s, %(break_month)s, %(is_break_month)s, %(months_before)s,
    %(months_after)s, %(level_change_pp)s, %(level_change_ci_low_pp)s, %(level_change_ci_high_pp)s,
    %(level_change_p_value)s, %(slope_change_pp)s, %(slope_change_ci_low_pp)s, %(slope_change_ci_high_pp)s,
    %(slope_change_p_value)s, %(level_change_rank)s, %(slope_change_rank)s
)
