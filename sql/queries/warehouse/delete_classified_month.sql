DELETE FROM staging.classified
WHERE month = %(month)s
  AND taxonomy_id = ANY(%(taxonomy_ids)s)
  AND (%(first_id)s::bigint IS NULL OR posting_id >= %(first_id)s::bigint)
  AND (%(end_id)s::bigint IS NULL OR posting_id < %(end_id)s::bigint)
