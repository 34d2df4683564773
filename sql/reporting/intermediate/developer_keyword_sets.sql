-- Developer postings × keyword set: the postings counted per month, distinct keyword set and the marts' grouping
-- columns, each set then read under every taxonomy its load was tagged with (meta.taxonomy_flags). The taxonomies'
-- flags are thus read for a few thousand rows a month instead of for every posting under every taxonomy, once for
-- all the marts. BI tools do not read it.
-- A per-month table: intermediate.developer_keyword_sets_of(months) gives the rows of the given months (NULL: of
-- every month); the refresh deletes the months it recomputes and inserts them again (ai_job_share.reporting.layers).
DROP TABLE IF EXISTS intermediate.developer_keyword_sets CASCADE;

CREATE TABLE intermediate.developer_keyword_sets (
    month date NOT NULL, taxonomy_id text,
    is_ai boolean, is_data boolean, is_ai_or_data boolean, matched_keywords text[],  -- what the keyword set means
    is_repost boolean, job_role text, seniority_order integer, company_size_order integer,  -- what marts group by
    postings bigint
);

CREATE FUNCTION intermediate.developer_keyword_sets_of(months date[])
RETURNS SETOF intermediate.developer_keyword_sets
LANGUAGE sql STABLE
AS $$
WITH keyword_sets AS (
    SELECT month, keyword_ids, taxonomy_version_ids, is_repost, job_role, seniority_order, company_size_order,
           count(*) AS postings
    FROM intermediate.developer_postings_of(months)
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
$$;

SELECT meta.index_and_fill_per_month_table('intermediate.developer_keyword_sets');
