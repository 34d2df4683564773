-- One Korea-time month of postings (or one chunk of it), every job group and status, streamed out of the source
-- with COPY, in no particular order. {postings} is the source mapping's SELECT (every field of the posting layout
-- under its own name, and row_ctid); {fields} the layout's fields in row order (ai_job_share.layout.ROW_COLUMNS,
-- month first). Parameters: month (first day), start and end (the month's [start, end) as timestamptz), first_id
-- and end_id (the chunk's posting ids [first_id, end_id); NULL is unbounded) and duplicate_ids (ids that several
-- rows of the month share, found by month_duplicates.sql; usually none): of those only the row updated last is
-- read; reused_ids (ids a posting of an earlier month carries, found by reused_ids.sql): not read at all. Rows
-- without an id are not read (rows_without_id.sql records them). The warehouse keeps these rows as they
-- come (core.posting_texts).
COPY (
    SELECT %(month)s::date, {fields}
    FROM ({postings}) AS p
    WHERE p.published_at >= %(start)s
      AND p.published_at < %(end)s
      AND p.id IS NOT NULL
      AND NOT p.id = ANY(%(reused_ids)s::bigint[])
      AND (%(first_id)s::bigint IS NULL OR p.id >= %(first_id)s::bigint)
      AND (%(end_id)s::bigint IS NULL OR p.id < %(end_id)s::bigint)
      AND (NOT p.id = ANY(%(duplicate_ids)s::bigint[])
           OR p.row_ctid = (SELECT q.row_ctid
                            FROM ({postings}) AS q
                            WHERE q.id = p.id AND q.published_at >= %(start)s AND q.published_at < %(end)s
                            ORDER BY q.updated_at DESC NULLS LAST, q.row_ctid DESC
                            LIMIT 1))
) TO STDOUT
