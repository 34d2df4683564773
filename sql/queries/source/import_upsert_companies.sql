-- `ai-job-share import`: companies the file names (company_name), added or updated; the last line naming a company
-- wins, and an empty company_employee_count keeps the stored one. Returns one row per company added or changed.
INSERT INTO job_board.companies AS c (id, name, employee_count)
SELECT DISTINCT ON (company_id) company_id, company_name, company_employee_count
FROM import_latest
WHERE company_name IS NOT NULL
ORDER BY company_id, line DESC
ON CONFLICT (id) DO UPDATE
SET name = EXCLUDED.name,
    employee_count = coalesce(EXCLUDED.employee_count, c.employee_count)
WHERE (c.name, c.employee_count)
      IS DISTINCT FROM (EXCLUDED.name, coalesce(EXCLUDED.employee_count, c.employee_count))
RETURNING c.id
