-- The title_key of the postings whose titles ai_job_share.warehouse.pipeline.title_key left to the warehouse (anything but
-- printable ASCII and Hangul syllables: NFKC and lower() of other characters are PostgreSQL's to say).
UPDATE core.postings
SET title_key = meta.title_key(title)
WHERE load_id = %(load_id)s
  AND posting_id = ANY(%(posting_ids)s::bigint[])
