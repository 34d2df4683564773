-- A chunk's labelled postings (COPY text rows built by ai_job_share.ingest from the source's own COPY fields).
COPY core.postings (
    posting_id, load_id, month, company_id, company_employee_count, job_group, job_role,
    required_years_min, published_at, status, title, has_text, keyword_ids
) FROM STDIN
