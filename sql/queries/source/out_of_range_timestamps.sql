-- Postings of the month whose updated_at is outside the sane window (ai_job_share.limits.timestamp_window): kept,
-- and recorded with the value, instead of failing the run (a year 10000 cannot be read into Python).
-- {postings}: the source mapping's SELECT.
SELECT id, 'updated_at ' || updated_at::text || ' is outside ' || %(timestamps_from)s::date::text || ' .. '
           || %(timestamps_until)s::date::text
FROM ({postings}) AS p
WHERE published_at >= %(start)s
  AND published_at < %(end)s
  AND (updated_at < %(timestamps_from)s OR updated_at >= %(timestamps_until)s)
