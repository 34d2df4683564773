-- What an earlier attempt of this chunk wrote (a retry replaces it).
DELETE FROM core.postings
WHERE load_id = %(load_id)s
  AND (%(first_id)s::bigint IS NULL OR posting_id >= %(first_id)s::bigint)
  AND (%(end_id)s::bigint IS NULL OR posting_id < %(end_id)s::bigint)
