-- The developer postings of every published load (those whose job group the developer_job_groups setting names, or
-- every posting: meta.developer_definition), deleted ones excluded (core.published_postings keeps
-- only counted postings), with the columns the reporting layers use, named explicitly; load_id lets a month's
-- postings be read through its load (core.postings is indexed by load).
DROP VIEW IF EXISTS staging.developer_postings CASCADE;

CREATE VIEW staging.developer_postings AS
SELECT
    p.posting_id,
    p.load_id,
    p.month,
    p.company_id,
    p.company_employee_count,
    p.job_role,
    p.required_years_min,
    p.published_at,
    p.title_key,
    p.keyword_ids,
    p.taxonomy_version_ids
FROM core.published_postings AS p
WHERE (SELECT every_posting FROM meta.developer_definition)
   OR p.job_group = ANY((SELECT job_groups FROM meta.developer_definition)::text[]);
