-- Run by the DAG's last task (autocommit: CONCURRENTLY cannot run in a transaction block), after the load commits.
-- CONCURRENTLY lets BI tools keep reading the previous contents while the refresh runs.
REFRESH MATERIALIZED VIEW CONCURRENTLY reporting.monthly_ai_share;
