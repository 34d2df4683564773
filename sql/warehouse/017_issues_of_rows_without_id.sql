-- A source row without an id is recorded and skipped (reason 'no_id', excluded): one issue per row, posting_id
-- NULL, its detail naming what identifies the row (publication time, company, title). Before, such a row vanished
-- from a month with repeated ids and failed the ingest of a month without. A single-row issue may now lack a
-- posting id; a count over several postings stays a load-wide caveat (kept, posting_id NULL).
ALTER TABLE core.posting_issues DROP CONSTRAINT IF EXISTS posting_issues_one_posting_or_a_count;
ALTER TABLE core.posting_issues ADD CONSTRAINT posting_issues_one_posting_or_a_count
    CHECK (postings = 1 OR (posting_id IS NULL AND action = 'kept' AND postings > 0));
