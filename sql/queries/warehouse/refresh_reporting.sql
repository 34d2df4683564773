-- Run by the DAG's last task (autocommit: CONCURRENTLY cannot run in a transaction block), after the load commits.
-- CONCURRENTLY lets BI tools keep reading the previous contents while the refresh runs.
-- Fresh statistics first: the loads just published are new rows the planner has not seen (autovacuum's analyze
-- may not have run yet, or be off), and with stale estimates it picks plans several times slower.
ANALYZE core.postings, meta.loads, meta.month_loads, meta.taxonomy_versions, meta.taxonomy_keywords;
REFRESH MATERIALIZED VIEW CONCURRENTLY reporting.monthly_ai_share;
-- chatgpt_comparison is pooled from monthly_ai_share, so it comes after it.
REFRESH MATERIALIZED VIEW CONCURRENTLY reporting.chatgpt_comparison;
REFRESH MATERIALIZED VIEW CONCURRENTLY reporting.monthly_ai_share_breakdown;
REFRESH MATERIALIZED VIEW CONCURRENTLY reporting.monthly_keyword_counts;
