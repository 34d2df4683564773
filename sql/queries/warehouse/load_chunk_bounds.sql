-- Where to cut a published load into chunks of about %(size)s postings: every chunk's first posting id but the first.
SELECT posting_id
FROM (
    SELECT posting_id, row_number() OVER (ORDER BY posting_id) AS position
    FROM core.postings
    WHERE load_id = %(load_id)s
) AS numbered
WHERE position > 1
  AND (position - 1) %% %(size)s = 0
ORDER BY posting_id
