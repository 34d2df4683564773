-- Ids that occur more than once in the month (a source whose postings table has no primary key).
SELECT id, count(*)
FROM job_board.postings
WHERE published_at >= %(start)s
  AND published_at < %(end)s
GROUP BY id
HAVING count(*) > 1
