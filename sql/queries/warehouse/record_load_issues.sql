-- Postings of the month that the load does not count (action 'excluded') or counts with a caveat ('kept').
-- A caveat every posting of the load shares (no job role at all, no company at all) is one row for the load,
-- posting_id NULL, with the number of postings; excluded postings are always recorded one by one.
WITH cleared AS (
    DELETE FROM core.posting_issues WHERE stage = 'load' AND month = %(month)s
),
load_scan AS (
    -- One scan of the load: its counts, and the postings that may have an issue (most have none), which the
    -- INSERT below then reads by key. The role test is coalesce(btrim(job_role), '') = '' without trimming every
    -- role: only a role starting with a space can trim to nothing.
    SELECT count(*) AS postings,
           count(*) FILTER (WHERE job_role IS NULL OR job_role = ''
                                  OR (job_role LIKE ' %%' AND btrim(job_role) = '')) AS without_role,
           count(*) FILTER (WHERE company_id IS NULL) AS without_company,
           array_agg(posting_id) FILTER (
               WHERE status IS NULL OR status NOT IN ('open', 'closed') OR NOT has_text OR job_group IS NULL
                  OR job_group NOT IN (SELECT job_group FROM meta.job_groups)
                  OR job_role IS NULL OR job_role = '' OR (job_role LIKE ' %%' AND btrim(job_role) = '')
           ) AS candidates
    FROM core.postings
    WHERE load_id = %(load_id)s
),
load_wide AS (
    SELECT w.reason, w.detail, w.postings
    FROM load_scan AS c
    CROSS JOIN LATERAL (
        VALUES ('no_job_role', 'job role is empty for every posting of the load', c.without_role),
               ('no_company', 'no posting of the load has a company', c.without_company)
    ) AS w (reason, detail, postings)
    WHERE w.postings = c.postings AND w.postings > 0
)
INSERT INTO core.posting_issues (month, posting_id, reason, action, detail, stage, postings)
SELECT p.month, p.posting_id, issue.reason, issue.action, issue.detail, 'load', 1
FROM core.postings AS p
CROSS JOIN LATERAL (
    VALUES
        ('deleted', 'excluded', 'status is deleted',
         p.status = 'deleted'),
        ('unknown_status', 'excluded',
         'status ' || coalesce(quote_literal(p.status), 'NULL') || ' is not open, closed or deleted',
         p.status IS NULL OR p.status NOT IN ('open', 'closed', 'deleted')),
        ('no_text', 'excluded', 'title and every section are empty or whitespace',
         p.status IS DISTINCT FROM 'deleted' AND NOT p.has_text),
        ('unknown_job_group', 'kept', 'job group ' || coalesce(quote_literal(p.job_group), 'NULL') || ' is not in meta.job_groups',
         p.job_group IS NULL OR p.job_group NOT IN (SELECT job_group FROM meta.job_groups)),
        ('no_job_role', 'kept', 'job role is empty',
         coalesce(btrim(p.job_role), '') = '' AND NOT EXISTS (SELECT 1 FROM load_wide WHERE reason = 'no_job_role'))
) AS issue (reason, action, detail, applies)
WHERE p.load_id = %(load_id)s
  AND p.posting_id = ANY((SELECT candidates FROM load_scan)::bigint[])
  AND issue.applies
UNION ALL
SELECT %(month)s, NULL, reason, 'kept', detail, 'load', postings
FROM load_wide
