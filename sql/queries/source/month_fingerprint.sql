-- What the month looks like in the source now: a changed count, latest edit or id sum means postings were added,
-- removed, edited or moved since the month was last extracted. {postings}: the source mapping's SELECT. An
-- updated_at past the sane window counts as its end (a year 10000 cannot be read into Python; such postings are
-- recorded by out_of_range_timestamps.sql).
SELECT count(*) AS postings, max(least(updated_at, %(timestamps_until)s)) AS max_updated_at,
       coalesce(sum(id), 0) AS id_checksum
FROM ({postings}) AS p
WHERE published_at >= %(start)s
  AND published_at < %(end)s
