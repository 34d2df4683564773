SELECT r.run_id, ti.task_id, ti.state
FROM task_instance AS ti
JOIN dag_run AS r ON r.dag_id = ti.dag_id AND r.run_id = ti.run_id
WHERE r.backfill_id = %(backfill_id)s
  AND ti.state IN ('failed', 'upstream_failed')
ORDER BY r.logical_date, ti.task_id
