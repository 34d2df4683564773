-- The monthly counts of developer postings per taxonomy: all, AI, data, AI-or-data, reposts, first postings and
-- first postings that are AI or AI-or-data. What reporting.monthly_ai_share computes its shares, intervals and
-- moving averages from, and reporting.monthly_keyword_counts its totals.
-- A per-month table: intermediate.monthly_counts_of(months) gives the rows of the given months (NULL: of every
-- month); the refresh deletes the months it recomputes and inserts them again (ai_job_share.reporting.layers).
DROP TABLE IF EXISTS intermediate.monthly_counts CASCADE;

CREATE TABLE intermediate.monthly_counts (
    month date NOT NULL, taxonomy_id text,
    developer_postings bigint, ai_postings bigint, data_postings bigint, ai_or_data_postings bigint,
    repost_postings bigint, first_postings bigint, first_ai_postings bigint, first_ai_or_data_postings bigint
);

CREATE FUNCTION intermediate.monthly_counts_of(months date[])
RETURNS SETOF intermediate.monthly_counts
LANGUAGE sql STABLE
AS $$
SELECT
    month,
    taxonomy_id,
    sum(postings)::bigint                                                     AS developer_postings,
    coalesce(sum(postings) FILTER (WHERE is_ai), 0)::bigint                   AS ai_postings,
    coalesce(sum(postings) FILTER (WHERE is_data), 0)::bigint                 AS data_postings,
    coalesce(sum(postings) FILTER (WHERE is_ai_or_data), 0)::bigint           AS ai_or_data_postings,
    coalesce(sum(postings) FILTER (WHERE is_repost), 0)::bigint               AS repost_postings,
    coalesce(sum(postings) FILTER (WHERE NOT is_repost), 0)::bigint           AS first_postings,
    coalesce(sum(postings) FILTER (WHERE NOT is_repost AND is_ai), 0)::bigint AS first_ai_postings,
    coalesce(sum(postings) FILTER (WHERE NOT is_repost AND is_ai_or_data), 0)::bigint
                                                                              AS first_ai_or_data_postings
FROM intermediate.developer_keyword_sets
WHERE months IS NULL OR month = ANY(months)
GROUP BY month, taxonomy_id
$$;

SELECT meta.index_and_fill_per_month_table('intermediate.monthly_counts');
