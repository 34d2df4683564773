-- The recorded posting issues (core.posting_issues): every posting the pipeline did not count, or counted with a
-- caveat, with the reason; a caveat of a whole load is one row with the number of postings it concerns.
DROP VIEW IF EXISTS staging.posting_issues CASCADE;

CREATE VIEW staging.posting_issues AS
SELECT
    i.month,
    i.posting_id,
    i.reason,
    i.action,
    i.stage,
    i.postings
FROM core.posting_issues AS i;
