-- The evidence of a chunk's postings (ids in [first_id, end_id); NULL is unbounded) under the taxonomies about to
-- be collected again: in the chunk's month, and that of postings moved into the month from another one. A span or
-- count also stored for another taxonomy is written back with that taxonomy's numbers alone.
WITH doomed AS (
    SELECT ARRAY(SELECT k.keyword_id
                 FROM meta.taxonomy_keywords AS k
                 JOIN meta.taxonomy_versions AS v USING (taxonomy_version_id)
                 WHERE v.taxonomy_id = ANY(%(taxonomy_ids)s)) AS keyword_ids,
           ARRAY(SELECT taxonomy_version_id
                 FROM meta.taxonomy_versions
                 WHERE taxonomy_id = ANY(%(taxonomy_ids)s)) AS version_ids
),
totals AS (
    DELETE FROM core.evidence_totals AS o
    USING doomed AS d
    WHERE o.taxonomy_version_ids && d.version_ids
      AND (%(first_id)s::bigint IS NULL OR o.posting_id >= %(first_id)s::bigint)
      AND (%(end_id)s::bigint IS NULL OR o.posting_id < %(end_id)s::bigint)
      AND (o.month = %(month)s
           OR o.posting_id IN (SELECT posting_id FROM core.postings WHERE load_id = %(load_id)s))
    RETURNING o.*
),
spans AS (
    -- Every span has the count of its posting, month and taxonomy version. (The id range again: the planner does
    -- not carry it over from the counts, and without it reads every month's spans.)
    DELETE FROM core.evidence_spans AS s
    USING totals AS o, doomed AS d
    WHERE s.posting_id = o.posting_id AND s.month = o.month AND s.keyword_ids && d.keyword_ids
      AND (%(first_id)s::bigint IS NULL OR s.posting_id >= %(first_id)s::bigint)
      AND (%(end_id)s::bigint IS NULL OR s.posting_id < %(end_id)s::bigint)
    RETURNING s.*
),
other_totals AS (
    INSERT INTO core.evidence_totals (posting_id, month, taxonomy_version_ids, match_totals)
    SELECT o.posting_id, o.month, kept.kept_keys, kept.kept_items
    FROM totals AS o
    CROSS JOIN doomed AS d
    CROSS JOIN LATERAL meta.without_keys(o.taxonomy_version_ids, o.match_totals, d.version_ids) AS kept
    WHERE NOT o.taxonomy_version_ids <@ d.version_ids AND kept.kept_keys IS NOT NULL
)
INSERT INTO core.evidence_spans (
    posting_id, month, keyword_ids, match_ranks, section, char_offset, matched_text, snippet
)
SELECT s.posting_id, s.month, kept.kept_keys, kept.kept_items, s.section, s.char_offset, s.matched_text, s.snippet
FROM spans AS s
CROSS JOIN doomed AS d
CROSS JOIN LATERAL meta.without_keys(s.keyword_ids, s.match_ranks, d.keyword_ids) AS kept
WHERE NOT s.keyword_ids <@ d.keyword_ids AND kept.kept_keys IS NOT NULL
