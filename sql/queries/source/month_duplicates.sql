-- Ids that occur more than once in the month (a source whose postings relation has no primary key).
-- {postings}: the source mapping's SELECT.
SELECT id, count(*)
FROM ({postings}) AS p
WHERE published_at >= %(start)s
  AND published_at < %(end)s
  AND id IS NOT NULL  -- rows without an id are recorded by rows_without_id.sql
GROUP BY id
HAVING count(*) > 1
