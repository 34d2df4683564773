-- How many developer postings each keyword matched, per month and taxonomy (from matched_keywords): what
-- reporting.monthly_keyword_counts shows beside the month's total.
-- A per-month table: intermediate.monthly_keyword_postings_of(months) gives the rows of the given months (NULL: of
-- every month); the refresh deletes the months it recomputes and inserts them again (ai_job_share.reporting.layers).
DROP TABLE IF EXISTS intermediate.monthly_keyword_postings CASCADE;

CREATE TABLE intermediate.monthly_keyword_postings (
    month date NOT NULL, taxonomy_id text, keyword text, postings bigint
);

CREATE FUNCTION intermediate.monthly_keyword_postings_of(months date[])
RETURNS SETOF intermediate.monthly_keyword_postings
LANGUAGE sql STABLE
AS $$
SELECT d.month, d.taxonomy_id, k.keyword, sum(d.postings)::bigint AS postings
FROM intermediate.developer_keyword_sets AS d
CROSS JOIN LATERAL (SELECT DISTINCT keyword FROM unnest(d.matched_keywords) AS u (keyword)) AS k
WHERE months IS NULL OR d.month = ANY(months)
GROUP BY d.month, d.taxonomy_id, k.keyword
$$;

SELECT meta.index_and_fill_per_month_table('intermediate.monthly_keyword_postings');
