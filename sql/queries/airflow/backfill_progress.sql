-- Progress of a backfill, read from Airflow's metadata database: runs and task instances by state.
SELECT 'run' AS kind, coalesce(r.state, 'none') AS state, count(*) AS n
FROM dag_run AS r
WHERE r.backfill_id = %(backfill_id)s
GROUP BY r.state
UNION ALL
SELECT 'task', coalesce(ti.state, 'none'), count(*)
FROM task_instance AS ti
JOIN dag_run AS r ON r.dag_id = ti.dag_id AND r.run_id = ti.run_id
WHERE r.backfill_id = %(backfill_id)s
GROUP BY ti.state
