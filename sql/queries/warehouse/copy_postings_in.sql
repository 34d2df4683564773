COPY staging.postings (
    month, posting_id, company_id, company_employee_count, job_group, job_role,
    title, intro, main_tasks, requirements, preferred, benefits,
    required_years_min, required_years_max, published_at, updated_at, status
) FROM STDIN
