-- The interrupted time series results the report outputs, the demo and the CLI print, every taxonomy.
SELECT taxonomy_id, population, measure, break_month, first_month, last_month, months_before, months_after,
       pre_level_pp, pre_slope_pp, level_change_pp, level_change_ci_low_pp, level_change_ci_high_pp,
       level_change_p_value, slope_change_pp, slope_change_ci_low_pp, slope_change_ci_high_pp, slope_change_p_value,
       level_change_classical_p_value, slope_change_classical_p_value, placebo_months, level_change_rank,
       slope_change_rank, verdict
FROM reporting.chatgpt_trend_break
ORDER BY taxonomy_id, population, measure
