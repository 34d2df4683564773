-- Ids of the month's postings that a posting of another month also carries (ids must be unique across the
-- source; a board without a key may reuse one): per id, whether this month holds its earliest publication (then
-- this month keeps the id, else its rows are not read) and the other months (Korea time, YYYY-MM) that carry it.
-- {postings}: the source mapping's SELECT. Parameters: start and end (the month's [start, end) as timestamptz).
SELECT p.id,
       NOT bool_or(q.published_at < %(start)s) AS published_first,
       array_agg(DISTINCT to_char(q.published_at AT TIME ZONE 'Asia/Seoul', 'YYYY-MM')) AS other_months
FROM ({postings}) AS p
JOIN ({postings}) AS q
  ON q.id = p.id
 AND (q.published_at < %(start)s OR q.published_at >= %(end)s)
WHERE p.published_at >= %(start)s
  AND p.published_at < %(end)s
GROUP BY p.id
ORDER BY p.id
