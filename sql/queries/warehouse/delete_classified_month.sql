DELETE FROM staging.classified WHERE month = %(month)s AND taxonomy_id = ANY(%(taxonomy_ids)s)
