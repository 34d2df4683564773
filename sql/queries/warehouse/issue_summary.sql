-- Recorded issues by month and reason: postings concerned, and the first few posting ids as examples (a caveat
-- recorded once for a whole load has none, nor has a row without an id). month NULL: postings that belong to no
-- month.
SELECT to_char(month, 'YYYY-MM') AS month, reason, action, stage,
       sum(postings)::bigint AS postings,
       bool_or(posting_id IS NULL AND stage = 'load') AS whole_load,
       (array_agg(posting_id ORDER BY posting_id) FILTER (WHERE posting_id IS NOT NULL))[1:%(examples)s] AS examples,
       (array_agg(detail ORDER BY posting_id NULLS FIRST))[1] AS detail
FROM core.posting_issues
WHERE %(month)s::date IS NULL OR month = %(month)s::date
GROUP BY month, reason, action, stage
ORDER BY month NULLS LAST, action, sum(postings) DESC, reason
