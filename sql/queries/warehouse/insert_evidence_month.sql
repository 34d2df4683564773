INSERT INTO core.match_evidence (
    posting_id, taxonomy_id, taxonomy_version, month, match_rank, group_id, keyword, section, char_offset,
    matched_text, snippet
)
SELECT c.posting_id, c.taxonomy_id, c.taxonomy_version, c.month, e.rank,
       e.match ->> 'group', e.match ->> 'keyword', e.match ->> 'section', (e.match ->> 'offset')::integer,
       e.match ->> 'text', e.match ->> 'snippet'
FROM staging.classified AS c
-- Evidence only for what was loaded (excluded postings have none).
JOIN core.tagged_postings AS t
  ON t.posting_id = c.posting_id AND t.taxonomy_id = c.taxonomy_id AND t.month = c.month
CROSS JOIN LATERAL jsonb_array_elements(c.evidence) WITH ORDINALITY AS e (match, rank)
WHERE c.month = %(month)s
  AND c.taxonomy_id = ANY(%(taxonomy_ids)s)
