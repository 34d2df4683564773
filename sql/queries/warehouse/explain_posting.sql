-- Why postings were tagged: each one's result under each taxonomy, and the stored evidence (first matches).
SELECT t.posting_id, t.taxonomy_id, t.taxonomy_version, to_char(t.month, 'YYYY-MM') AS month, t.job_group,
       t.job_role, t.is_ai, t.is_data, coalesce(max(e.match_total), 0) AS match_count,
       coalesce(jsonb_agg(jsonb_build_object(
           'group', e.group_id, 'keyword', e.keyword, 'section', e.section, 'offset', e.char_offset,
           'text', e.matched_text, 'snippet', e.snippet) ORDER BY e.match_rank)
           FILTER (WHERE e.match_rank IS NOT NULL), '[]') AS evidence
FROM core.tagged_postings AS t
LEFT JOIN core.match_evidence AS e
  ON e.posting_id = t.posting_id AND e.taxonomy_id = t.taxonomy_id AND e.taxonomy_version = t.taxonomy_version
WHERE t.posting_id = ANY(%(posting_ids)s)
GROUP BY t.posting_id, t.taxonomy_id, t.taxonomy_version, t.month, t.job_group, t.job_role, t.is_ai, t.is_data
ORDER BY t.posting_id, t.taxonomy_id
