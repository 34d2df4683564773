SELECT max(id) FROM backfill WHERE dag_id = %(dag_id)s
