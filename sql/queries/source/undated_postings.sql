-- Postings that belong to no month the pipeline can process yet: no publication time, or one in the future.
SELECT id, CASE WHEN published_at IS NULL THEN 'no_published_at' ELSE 'published_in_future' END,
       published_at::text
FROM job_board.postings
WHERE published_at IS NULL
   OR published_at > now()
