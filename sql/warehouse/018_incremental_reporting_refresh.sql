-- The reporting refresh recomputes only the months whose inputs changed, and the later months their reposts reach
-- (docs/adr/0006-incremental-reporting-refresh.md): the per-month layer under the marts is kept in tables
-- (sql/reporting/intermediate/), each month's rows deleted and inserted again by the refresh, in its transaction.

-- What each month's rows of those tables were last computed from (ai_job_share.warehouse.refresh_reporting):
-- a digest of the month's published load, its taxonomy versions and their keywords, and the reporting settings.
CREATE TABLE meta.reporting_months (
    month  date PRIMARY KEY,
    inputs text NOT NULL
);
COMMENT ON TABLE meta.reporting_months IS
    'Per month, a digest of what the reporting layer''s per-month tables were last computed from (published load, '
    'taxonomy versions and keywords, reporting settings): the refresh recomputes the months whose digest changed';

-- Months whose published postings were changed in place rather than by publishing a new load (a posting moved to
-- another month leaves its old month's load: queries/warehouse/delete_moved_postings.sql), noted for the next
-- refresh, which recomputes them and deletes the notes it read. Append-only: a note written while a refresh runs
-- is kept for the next one.
CREATE TABLE meta.reporting_stale_months (
    month    date        NOT NULL,
    noted_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE meta.reporting_stale_months IS
    'Months whose published postings changed in place since the last reporting refresh (it recomputes them)';

-- A table replaces the materialised view (sql/reporting/intermediate/developer_keyword_sets.sql creates it again).
DROP MATERIALIZED VIEW IF EXISTS intermediate.developer_keyword_sets CASCADE;
