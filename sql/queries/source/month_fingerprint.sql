-- What the month looks like in the source now: a changed count, latest edit or id sum means postings were added,
-- removed, edited or moved since the month was last extracted. {postings}: the source mapping's SELECT.
SELECT count(*) AS postings, max(updated_at) AS max_updated_at, coalesce(sum(id), 0) AS id_checksum
FROM ({postings}) AS p
WHERE published_at >= %(start)s
  AND published_at < %(end)s
