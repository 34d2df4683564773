-- Run before the reporting views are refreshed (ai_job_share.warehouse.writes.reporting_refresh), after the load commits.
-- Fresh statistics first: the loads just published are new rows the planner has not seen (autovacuum's analyze
-- may not have run yet, or be off), and with stale estimates it picks plans several times slower. The refresh
-- itself is derived from the views' dependencies (ai_job_share.reporting.layers), the marts CONCURRENTLY so that
-- BI tools keep reading the previous contents while it runs (autocommit: not in a transaction block).
ANALYZE core.postings, meta.loads, meta.month_loads, meta.taxonomy_versions, meta.taxonomy_keywords;
