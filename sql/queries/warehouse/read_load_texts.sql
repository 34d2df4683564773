-- The stored text blocks of a load (or those that may hold posting ids in [first_id, end_id)), with the posting
-- layout version their rows were written under (ai_job_share.layout upgrades older rows).
SELECT codec, data, layout_version
FROM core.posting_texts
WHERE load_id = %(load_id)s
  AND (%(first_id)s::bigint IS NULL OR last_posting_id >= %(first_id)s::bigint)
  AND (%(end_id)s::bigint IS NULL OR first_posting_id < %(end_id)s::bigint)
ORDER BY first_posting_id, chunk, block
