-- The ids of the month's postings in the source now (rows without an id left out), to find the postings a
-- published load of the month holds that left it. {postings}: the source mapping's SELECT.
SELECT DISTINCT id
FROM ({postings}) AS p
WHERE published_at >= %(start)s
  AND published_at < %(end)s
  AND id IS NOT NULL
