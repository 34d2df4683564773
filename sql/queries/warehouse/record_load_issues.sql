-- Postings of the month that the load does not count (action 'excluded') or counts with a caveat ('kept').
WITH cleared AS (
    DELETE FROM core.posting_issues WHERE stage = 'load' AND month = %(month)s
)
INSERT INTO core.posting_issues (month, posting_id, reason, action, detail, stage)
SELECT p.month, p.posting_id, issue.reason, issue.action, issue.detail, 'load'
FROM core.postings AS p
CROSS JOIN LATERAL (
    VALUES
        ('deleted', 'excluded', 'status is deleted',
         p.status = 'deleted'),
        ('no_text', 'excluded', 'title and every section are empty or whitespace',
         p.status IS DISTINCT FROM 'deleted' AND NOT p.has_text),
        ('unknown_job_group', 'kept', 'job group ' || coalesce(quote_literal(p.job_group), 'NULL') || ' is not in meta.job_groups',
         p.job_group IS NULL OR p.job_group NOT IN (SELECT job_group FROM meta.job_groups)),
        ('no_job_role', 'kept', 'job role is empty',
         coalesce(btrim(p.job_role), '') = '')
) AS issue (reason, action, detail, applies)
WHERE p.load_id = %(load_id)s
  -- Most postings have no issue: skip them before building the four candidate rows of each.
  AND (p.status = 'deleted' OR NOT p.has_text OR p.job_group IS NULL
       OR p.job_group NOT IN (SELECT job_group FROM meta.job_groups) OR coalesce(btrim(p.job_role), '') = '')
  AND issue.applies
