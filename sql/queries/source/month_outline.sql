-- What the month looks like in the source (its fingerprint, as month_fingerprint.sql), the range of its posting
-- ids, which plan_month cuts into chunks, and how many postings out_of_range_timestamps.sql would list (it is not
-- run when none): one scan of the month. {postings}: the source mapping's SELECT. updated_at is capped as in
-- month_fingerprint.sql.
SELECT count(*) AS postings, max(least(updated_at, %(timestamps_until)s)) AS max_updated_at,
       coalesce(sum(id), 0) AS id_checksum, min(id) AS first_id, max(id) AS last_id,
       count(*) FILTER (WHERE updated_at < %(timestamps_from)s OR updated_at >= %(timestamps_until)s)
           AS out_of_range_timestamps
FROM ({postings}) AS p
WHERE published_at >= %(start)s
  AND published_at < %(end)s
