SELECT taxonomy_id, population, measure, before_months, before_postings, before_share,
       after_months, after_postings, after_share, difference_pp, difference_ci_low_pp, difference_ci_high_pp,
       z_statistic, p_value, significant_at_5pct
FROM reporting.chatgpt_comparison
ORDER BY taxonomy_id, population, measure
