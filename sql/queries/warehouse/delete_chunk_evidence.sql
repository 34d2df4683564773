-- The evidence of a chunk's postings (ids in [first_id, end_id); NULL is unbounded) under the taxonomies about to
-- be collected again: in the chunk's month, and that of postings moved into the month from another one.
DELETE FROM core.match_evidence
WHERE taxonomy_id = ANY(%(taxonomy_ids)s)
  AND (%(first_id)s::bigint IS NULL OR posting_id >= %(first_id)s::bigint)
  AND (%(end_id)s::bigint IS NULL OR posting_id < %(end_id)s::bigint)
  AND (month = %(month)s
       OR posting_id IN (SELECT posting_id FROM core.postings WHERE load_id = %(load_id)s))
