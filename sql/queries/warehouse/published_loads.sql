-- The published load of each of the given months.
SELECT month, load_id FROM meta.month_loads WHERE month = ANY(%(months)s)
