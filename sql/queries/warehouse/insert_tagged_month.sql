INSERT INTO core.tagged_postings (
    posting_id, taxonomy_id, taxonomy_version, month, company_id, company_employee_count, job_group, job_role,
    required_years_min, published_at, status, is_ai, is_data, matched_keywords, match_count, loaded_at,
    title
)
SELECT c.posting_id, c.taxonomy_id, c.taxonomy_version, p.month, p.company_id, p.company_employee_count,
       p.job_group, p.job_role, p.required_years_min, p.published_at, p.status,
       c.is_ai, c.is_data, c.matched_keywords, c.match_count, now(),
       p.title
FROM staging.classified AS c
JOIN staging.postings AS p USING (month, posting_id)
WHERE c.month = %(month)s
  AND c.taxonomy_id = ANY(%(taxonomy_ids)s)
  -- Excluded, and recorded in core.posting_issues by record_load_issues.sql:
  AND c.has_text
  AND p.status IS DISTINCT FROM 'deleted'
