-- Each developer posting with what the marts group by: whether it is a repost, its role, seniority and company
-- size bands. A repost: the same company published a developer posting with the same normalised title
-- (title_key) at most repost_window_days Korea-time calendar days before (ties in time: the lower posting id came
-- first). Only the latest earlier posting needs checking: if any earlier one is within the window, the latest is.
--
-- intermediate.developer_postings_of(months) gives the postings of the given months (NULL: of every month), which
-- is what the refresh recomputes a month from: an earlier posting within the window of a posting of month m was
-- published in m or in the months back to the one holding m's first day minus the window, so only those months'
-- loads are read (a month's load holds the postings published in it). The view is every month.
DROP VIEW IF EXISTS intermediate.developer_postings CASCADE;
DROP FUNCTION IF EXISTS intermediate.developer_postings_of(date[]) CASCADE;

CREATE FUNCTION intermediate.developer_postings_of(months date[])
RETURNS TABLE (
    posting_id           bigint,
    month                date,
    keyword_ids          smallint[],
    taxonomy_version_ids smallint[],
    is_repost            boolean,
    job_role             text,
    seniority_order      integer,
    company_size_order   integer
)
LANGUAGE sql STABLE
AS $$
WITH read_loads AS (
    SELECT l.load_id
    FROM meta.month_loads AS l
    WHERE months IS NULL OR l.month IN (
        SELECT generate_series(
            date_trunc('month', (m - coalesce(s.repost_window_days, 0))::timestamp), m::timestamp, interval '1 month'
        )::date
        FROM unnest(months) AS m
        CROSS JOIN staging.reporting_settings AS s
    )
),
read_postings AS (  -- load by load (LATERAL: the index on core.postings.load_id, whatever the planner estimates)
    SELECT p.*
    FROM read_loads AS l
    CROSS JOIN LATERAL (SELECT * FROM staging.developer_postings AS d WHERE d.load_id = l.load_id) AS p
),
flagged AS (
    SELECT
        p.posting_id,
        p.month,
        p.keyword_ids,
        p.taxonomy_version_ids,
        p.company_id IS NOT NULL AND p.title_key IS NOT NULL AND coalesce(
            (p.published_at AT TIME ZONE 'Asia/Seoul')::date
            - lag((p.published_at AT TIME ZONE 'Asia/Seoul')::date) OVER (
                PARTITION BY p.company_id, p.title_key ORDER BY p.published_at, p.posting_id
            ) <= s.repost_window_days,
            false
        ) AS is_repost,
        coalesce(nullif(btrim(p.job_role), ''), '미기재') AS job_role,
        CASE
            WHEN p.required_years_min IS NULL OR p.required_years_min < 0 THEN 5
            WHEN p.required_years_min = 0 THEN 1
            WHEN p.required_years_min <= 3 THEN 2
            WHEN p.required_years_min <= 7 THEN 3
            ELSE 4
        END AS seniority_order,
        CASE
            WHEN p.company_employee_count IS NULL OR p.company_employee_count < 1 THEN 6
            WHEN p.company_employee_count <= 10 THEN 1
            WHEN p.company_employee_count <= 50 THEN 2
            WHEN p.company_employee_count <= 200 THEN 3
            WHEN p.company_employee_count <= 1000 THEN 4
            ELSE 5
        END AS company_size_order
    FROM read_postings AS p
    CROSS JOIN staging.reporting_settings AS s
)
SELECT * FROM flagged WHERE months IS NULL OR month = ANY(months)
$$;

COMMENT ON FUNCTION intermediate.developer_postings_of(date[]) IS
    'The developer postings of the given months (NULL: every month) as intermediate.developer_postings shows them, '
    'reading only the loads of those months and of the months a repost window before them';

CREATE VIEW intermediate.developer_postings AS
SELECT * FROM intermediate.developer_postings_of(NULL);
