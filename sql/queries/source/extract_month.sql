-- One Korea-time month of postings (or one chunk of it), every job group and status, streamed out of the source
-- with COPY, in no particular order. Parameters: month (first day), start and end (the month's [start, end) as
-- timestamptz), first_id and end_id (the chunk's posting ids [first_id, end_id); NULL is unbounded) and
-- duplicate_ids (ids that several rows of the month share, found by month_duplicates.sql; usually none).
-- Of a repeated id, only the row updated last is read. The column order is what ai_job_share.source.ROW_COLUMNS
-- names; the warehouse keeps these rows as they come (core.posting_texts).
COPY (
    SELECT %(month)s::date,
           p.id, p.company_id, c.employee_count, p.job_group, p.job_role,
           p.title, p.intro, p.main_tasks, p.requirements, p.preferred, p.benefits,
           p.required_years_min, p.required_years_max, p.published_at, p.updated_at, p.status
    FROM job_board.postings AS p
    LEFT JOIN job_board.companies AS c ON c.id = p.company_id
    WHERE p.published_at >= %(start)s
      AND p.published_at < %(end)s
      AND (%(first_id)s::bigint IS NULL OR p.id >= %(first_id)s::bigint)
      AND (%(end_id)s::bigint IS NULL OR p.id < %(end_id)s::bigint)
      AND (NOT p.id = ANY(%(duplicate_ids)s::bigint[])
           OR p.ctid = (SELECT q.ctid
                        FROM job_board.postings AS q
                        WHERE q.id = p.id AND q.published_at >= %(start)s AND q.published_at < %(end)s
                        ORDER BY q.updated_at DESC NULLS LAST, q.ctid DESC
                        LIMIT 1))
) TO STDOUT
