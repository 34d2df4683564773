-- A caveat that concerns every posting of a load (a board without job roles, or without companies) is recorded
-- once for the load, with posting_id NULL and the number of postings it concerns, instead of once per posting:
-- 9,720 identical rows for a board without roles buried the issues that matter.
ALTER TABLE core.posting_issues ALTER COLUMN posting_id DROP NOT NULL;
ALTER TABLE core.posting_issues ADD COLUMN IF NOT EXISTS postings bigint NOT NULL DEFAULT 1;
ALTER TABLE core.posting_issues DROP CONSTRAINT IF EXISTS posting_issues_one_posting_or_a_count;
ALTER TABLE core.posting_issues ADD CONSTRAINT posting_issues_one_posting_or_a_count
    CHECK ((posting_id IS NOT NULL AND postings = 1) OR (posting_id IS NULL AND action = 'kept' AND postings > 0));
