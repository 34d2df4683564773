-- Where to cut a month into chunks of about %(size)s postings: the first posting id of every chunk but the first.
SELECT posting_id
FROM (
    SELECT posting_id, row_number() OVER (ORDER BY posting_id) AS position
    FROM staging.postings
    WHERE month = %(month)s
) AS numbered
WHERE position > 1
  AND (position - 1) %% %(size)s = 0
ORDER BY posting_id
