SELECT month, postings, max_updated_at, id_checksum
FROM meta.month_extracts
WHERE month = ANY(%(months)s)
