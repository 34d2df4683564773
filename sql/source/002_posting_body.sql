-- The source contract, continued: body, the whole description of a posting that is not split into sections
-- (posting layout version 2, ai_job_share.layout). Idempotent, like every file here.
ALTER TABLE job_board.postings ADD COLUMN IF NOT EXISTS body text;
