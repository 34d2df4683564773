-- One Korea-time month of postings, every job group and status, streamed out of the source with COPY.
-- Parameters: month (first day), start and end (the month's [start, end) as timestamptz).
-- A source without a primary key may repeat an id: the row updated last wins (the others are recorded by
-- month_duplicates.sql). The column order is the column list of warehouse/copy_postings_in.sql.
COPY (
    SELECT DISTINCT ON (p.id)
           %(month)s::date,
           p.id, p.company_id, c.employee_count, p.job_group, p.job_role,
           p.title, p.intro, p.main_tasks, p.requirements, p.preferred, p.benefits,
           p.required_years_min, p.required_years_max, p.published_at, p.updated_at, p.status
    FROM job_board.postings AS p
    LEFT JOIN job_board.companies AS c ON c.id = p.company_id
    WHERE p.published_at >= %(start)s
      AND p.published_at < %(end)s
    ORDER BY p.id, p.updated_at DESC NULLS LAST
) TO STDOUT
