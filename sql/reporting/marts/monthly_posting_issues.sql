-- Data quality per Korea-time month: how many postings the pipeline left out of the shares ('excluded') or counted
-- with a caveat ('kept'), by reason (docs/reliability.md lists them). A plain view: always as current as the loads.
DROP VIEW IF EXISTS reporting.monthly_posting_issues CASCADE;

CREATE VIEW reporting.monthly_posting_issues AS
SELECT month, reason, action, sum(postings)::bigint AS postings
FROM staging.posting_issues
GROUP BY month, reason, action;

SELECT meta.grant_reporting_access();
