-- The postings of a chunk of a load (ids in [first_id, end_id); NULL is unbounded) that hold one of the keywords
-- %(keyword_ids)s, with their keywords: the only postings whose stored text collect_evidence reads again.
SELECT posting_id, keyword_ids
FROM core.postings
WHERE load_id = %(load_id)s
  AND (%(first_id)s::bigint IS NULL OR posting_id >= %(first_id)s::bigint)
  AND (%(end_id)s::bigint IS NULL OR posting_id < %(end_id)s::bigint)
  AND keyword_ids && %(keyword_ids)s::smallint[]
