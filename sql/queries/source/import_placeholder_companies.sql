-- `ai-job-share import`: a placeholder for every company id the postings use that job_board.companies still lacks
-- (the file gave no company_name for it). Returns one row per placeholder added.
INSERT INTO job_board.companies (id, name)
SELECT DISTINCT company_id, 'company ' || company_id
FROM import_latest
ON CONFLICT (id) DO NOTHING
RETURNING id
