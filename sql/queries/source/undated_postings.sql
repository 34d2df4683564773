-- Postings that belong to no month the pipeline can process yet: no publication time, or one in the future.
-- {postings}: the source mapping's SELECT.
SELECT id, CASE WHEN published_at IS NULL THEN 'no_published_at' ELSE 'published_in_future' END,
       published_at::text
FROM ({postings}) AS p
WHERE published_at IS NULL
   OR published_at > now()
