-- The reconciliation's view of one month in the source: its rows, its distinct ids, the rows without an id, and
-- the ids that several rows share. {postings}: the source mapping's SELECT. Parameters: start and end (the
-- month's [start, end) as timestamptz).
WITH ids AS (
    SELECT id, count(*) AS row_count
    FROM ({postings}) AS p
    WHERE published_at >= %(start)s
      AND published_at < %(end)s
    GROUP BY id
)
SELECT coalesce(sum(row_count), 0)                                         AS source_rows,
       count(*) FILTER (WHERE id IS NOT NULL)                               AS distinct_ids,
       coalesce(sum(row_count) FILTER (WHERE id IS NULL), 0)                AS rows_without_id,
       count(*) FILTER (WHERE id IS NOT NULL AND row_count > 1)             AS repeated_ids
FROM ids
