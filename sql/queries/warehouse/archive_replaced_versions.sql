-- Before a month's new load is published: keep the published rows of any taxonomy version the new load replaces
-- with another version of the same taxonomy.
INSERT INTO core.tagged_postings_archive (
    posting_id, taxonomy_id, taxonomy_version, month, company_id, company_employee_count, job_group, job_role,
    required_years_min, published_at, status, is_ai, is_data, matched_keywords, loaded_at
)
SELECT t.posting_id, t.taxonomy_id, t.taxonomy_version, t.month, t.company_id, t.company_employee_count,
       t.job_group, t.job_role, t.required_years_min, t.published_at, t.status, t.is_ai, t.is_data,
       t.matched_keywords, t.loaded_at
FROM core.tagged_postings AS t
JOIN (
    SELECT v.taxonomy_id, v.taxonomy_version
    FROM meta.loads AS l
    JOIN meta.taxonomy_versions AS v ON v.taxonomy_version_id = ANY(l.taxonomy_version_ids)
    WHERE l.load_id = %(load_id)s
) AS loading ON loading.taxonomy_id = t.taxonomy_id AND loading.taxonomy_version <> t.taxonomy_version
WHERE t.month = %(month)s
ON CONFLICT (posting_id, taxonomy_id, taxonomy_version) DO NOTHING
