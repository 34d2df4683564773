-- Whether the scheduler has marked the backfill complete (it does so a moment after the backfill's last run ends;
-- until then Airflow refuses another backfill of the same DAG).
SELECT completed_at IS NOT NULL FROM backfill WHERE id = %(backfill_id)s
