-- A chunk's labelled postings (COPY text rows built by ai_job_share.pipeline.ingest_chunk from the source's own
-- COPY fields; title_key is \N where the pipeline leaves it to set_title_keys.sql).
COPY core.postings (
    posting_id, load_id, month, company_id, company_employee_count, job_group, job_role,
    required_years_min, published_at, status, title, title_key, has_text, keyword_ids
) FROM STDIN
