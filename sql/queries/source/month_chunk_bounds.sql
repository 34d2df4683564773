-- Where to cut a month into chunks of about %(size)s postings: the first posting id of every chunk but the first.
SELECT id
FROM (
    SELECT id, row_number() OVER (ORDER BY id) AS position
    FROM (
        SELECT DISTINCT id FROM job_board.postings WHERE published_at >= %(start)s AND published_at < %(end)s
    ) AS month_ids
) AS numbered
WHERE position > 1
  AND (position - 1) %% %(size)s = 0
ORDER BY id
