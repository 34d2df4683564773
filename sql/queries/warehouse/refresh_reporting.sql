-- Run by the DAG's last task (autocommit: CONCURRENTLY cannot run in a transaction block), after the load commits.
-- CONCURRENTLY lets BI tools keep reading the previous contents while the refresh runs.
REFRESH MATERIALIZED VIEW CONCURRENTLY reporting.monthly_ai_share;
-- chatgpt_comparison is pooled from monthly_ai_share, so it comes after it.
REFRESH MATERIALIZED VIEW CONCURRENTLY reporting.chatgpt_comparison;
REFRESH MATERIALIZED VIEW CONCURRENTLY reporting.monthly_ai_share_breakdown;
REFRESH MATERIALIZED VIEW CONCURRENTLY reporting.monthly_keyword_counts;
