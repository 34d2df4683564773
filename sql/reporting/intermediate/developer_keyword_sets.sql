-- Developer postings × keyword set: the postings counted per month, distinct keyword set and the marts' grouping
-- columns, each set then read under every taxonomy its load was tagged with (meta.taxonomy_flags). The taxonomies'
-- flags are thus read for a few thousand rows a month instead of for every posting under every taxonomy, once for
-- all the marts. Materialised (refreshed before the marts, which read it); BI tools do not read it.
DROP MATERIALIZED VIEW IF EXISTS intermediate.developer_keyword_sets CASCADE;

CREATE MATERIALIZED VIEW intermediate.developer_keyword_sets AS
WITH keyword_sets AS (
    SELECT month, keyword_ids, taxonomy_version_ids, is_repost, job_role, seniority_order, company_size_order,
           count(*) AS postings
    FROM intermediate.developer_postings
    GROUP BY month, keyword_ids, taxonomy_version_ids, is_repost, job_role, seniority_order, company_size_order
)
SELECT
    k.month,
    f.taxonomy_id,
    f.is_ai,
    f.is_data,
    f.is_ai_or_data,
    f.matched_keywords,
    k.is_repost,
    k.job_role,
    k.seniority_order,
    k.company_size_order,
    k.postings
FROM keyword_sets AS k
CROSS JOIN LATERAL meta.taxonomy_flags(k.keyword_ids, k.taxonomy_version_ids) AS f
WITH DATA;

COMMENT ON MATERIALIZED VIEW intermediate.developer_keyword_sets IS
    'Developer postings per month, taxonomy, flags, matched keywords, repost flag, role and bands: postings counts '
    'how many; what the marts aggregate';
