-- Data quality per Korea-time month: how many postings the pipeline left out of the shares ('excluded') or counted
-- with a caveat ('kept'), by reason (docs/reliability.md lists them). A plain view: always as current as the loads.
DROP VIEW IF EXISTS reporting.monthly_posting_issues CASCADE;

CREATE VIEW reporting.monthly_posting_issues AS
SELECT month, reason, action, sum(postings)::bigint AS postings
FROM staging.posting_issues
GROUP BY month, reason, action;

COMMENT ON VIEW reporting.monthly_posting_issues IS
    'Postings not counted (excluded) or counted with a caveat (kept) per Korea-time month and reason';
COMMENT ON COLUMN reporting.monthly_posting_issues.month IS
    'First day of the Korea-time month; NULL for postings that belong to no month (no published_at, or in the future)';
COMMENT ON COLUMN reporting.monthly_posting_issues.reason IS
    'Why, e.g. deleted, no_text, unknown_status, duplicate_id, no_job_role (docs/reliability.md)';
COMMENT ON COLUMN reporting.monthly_posting_issues.action IS
    'excluded: in no share; kept: counted, with a caveat';
COMMENT ON COLUMN reporting.monthly_posting_issues.postings IS
    'Postings concerned (an issue recorded once for a whole load counts each of its postings)';

SELECT meta.grant_reporting_access();
