-- `ai-job-share import`: the file's postings inserted, or replacing the stored posting with the same id.
-- updated_at: the file's, else the stored one when nothing else changed, else now(), so that the pipeline's month
-- fingerprint (max updated_at) sees every edit. Unchanged postings are not rewritten: re-importing a file changes
-- nothing. Returns one row per posting written: true if it was new, false if it changed.
INSERT INTO job_board.postings AS p (
    id, company_id, job_group, job_role, title, intro, main_tasks, requirements, preferred, benefits, body,
    required_years_min, required_years_max, published_at, updated_at, status
)
SELECT i.id, i.company_id, i.job_group, i.job_role, i.title, i.intro, i.main_tasks, i.requirements, i.preferred,
       i.benefits, i.body, i.required_years_min, i.required_years_max, i.published_at,
       coalesce(
           i.updated_at,
           CASE
               WHEN (old.company_id, old.job_group, old.job_role, old.title, old.intro, old.main_tasks,
                     old.requirements, old.preferred, old.benefits, old.body, old.required_years_min, old.required_years_max,
                     old.published_at, old.status)
                    IS NOT DISTINCT FROM
                    (i.company_id, i.job_group, i.job_role, i.title, i.intro, i.main_tasks,
                     i.requirements, i.preferred, i.benefits, i.body, i.required_years_min, i.required_years_max,
                     i.published_at, i.status)
               THEN old.updated_at
               ELSE now()
           END
       ),
       i.status
FROM import_latest AS i
LEFT JOIN job_board.postings AS old ON old.id = i.id
ORDER BY i.id
ON CONFLICT (id) DO UPDATE
SET (company_id, job_group, job_role, title, intro, main_tasks, requirements, preferred, benefits, body,
     required_years_min, required_years_max, published_at, updated_at, status)
  = (EXCLUDED.company_id, EXCLUDED.job_group, EXCLUDED.job_role, EXCLUDED.title, EXCLUDED.intro,
     EXCLUDED.main_tasks, EXCLUDED.requirements, EXCLUDED.preferred, EXCLUDED.benefits, EXCLUDED.body,
     EXCLUDED.required_years_min, EXCLUDED.required_years_max, EXCLUDED.published_at, EXCLUDED.updated_at,
     EXCLUDED.status)
WHERE (p.company_id, p.job_group, p.job_role, p.title, p.intro, p.main_tasks, p.requirements, p.preferred,
       p.benefits, p.body, p.required_years_min, p.required_years_max, p.published_at, p.updated_at, p.status)
      IS DISTINCT FROM
      (EXCLUDED.company_id, EXCLUDED.job_group, EXCLUDED.job_role, EXCLUDED.title, EXCLUDED.intro,
       EXCLUDED.main_tasks, EXCLUDED.requirements, EXCLUDED.preferred, EXCLUDED.benefits, EXCLUDED.body,
       EXCLUDED.required_years_min, EXCLUDED.required_years_max, EXCLUDED.published_at, EXCLUDED.updated_at,
       EXCLUDED.status)
RETURNING p.xmax = 0
