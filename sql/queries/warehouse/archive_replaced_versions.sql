-- Before a month is replaced: keep the rows of any other taxonomy version than the one being loaded.
INSERT INTO core.tagged_postings_archive (
    posting_id, taxonomy_id, taxonomy_version, month, company_id, company_employee_count, job_group, job_role,
    required_years_min, published_at, status, is_ai, is_data, matched_keywords, match_count, loaded_at
)
SELECT t.posting_id, t.taxonomy_id, t.taxonomy_version, t.month, t.company_id, t.company_employee_count,
       t.job_group, t.job_role, t.required_years_min, t.published_at, t.status, t.is_ai, t.is_data,
       t.matched_keywords, t.match_count, t.loaded_at
FROM core.tagged_postings AS t
JOIN (
    SELECT DISTINCT taxonomy_id, taxonomy_version
    FROM staging.classified
    WHERE month = %(month)s AND taxonomy_id = ANY(%(taxonomy_ids)s)
) AS loading ON loading.taxonomy_id = t.taxonomy_id AND loading.taxonomy_version <> t.taxonomy_version
WHERE t.month = %(month)s
ON CONFLICT (posting_id, taxonomy_id, taxonomy_version) DO NOTHING
