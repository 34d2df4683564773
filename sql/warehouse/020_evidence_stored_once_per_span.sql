-- The evidence is stored once per span (docs/adr/0008-evidence-stored-once-per-span.md): the same match of AI,
-- 머신러닝 or 데이터 was one row per taxonomy (369,537 rows for 101,445 spans in a 100,000-posting chunk of six
-- taxonomies). core.evidence_spans holds each span once with the keywords (meta.taxonomy_keywords) that rank it
-- and its rank under each; core.evidence_totals each posting's match count per taxonomy version. The view
-- core.match_evidence gives the rows and columns the table had. Existing rows are converted.

-- A section's number in the evidence: its place in the reading order (ai_job_share.layout.SECTIONS), from 0.
CREATE FUNCTION meta.evidence_section(section smallint) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN (ARRAY['title', 'intro', 'main_tasks', 'requirements', 'preferred', 'benefits', 'body'])[section + 1];

-- Parallel arrays without the elements whose key is in dropped (order kept; NULLs when none is left): what the
-- evidence of other taxonomies keeps when one taxonomy's is collected again.
CREATE FUNCTION meta.without_keys(
    keys smallint[], items anyarray, dropped smallint[], OUT kept_keys smallint[], OUT kept_items anyarray
)
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
SELECT array_agg(key ORDER BY i), array_agg(item ORDER BY i)
FROM unnest(keys, items) WITH ORDINALITY AS u (key, item, i)
WHERE key <> ALL(dropped)
$$;

-- One row per span (a match of a keyword's expression in a section) that some taxonomy ranks among a posting's
-- first matches (writes.EVIDENCE_LIMIT); keyword_ids[i] ranks it match_ranks[i] under its taxonomy version.
CREATE TABLE core.evidence_spans (
    posting_id   bigint     NOT NULL,
    month        date       NOT NULL,
    keyword_ids  smallint[] NOT NULL,  -- meta.taxonomy_keywords
    match_ranks  smallint[] NOT NULL,  -- 1 = first match in reading order (title, intro, main_tasks, ...)
    section      smallint   NOT NULL,  -- meta.evidence_section(section) names it
    char_offset  integer    NOT NULL,  -- in the NFKC-normalised section text
    matched_text text       NOT NULL,
    snippet      text       NOT NULL   -- about 30 characters either side of the match
);
CREATE INDEX evidence_spans_posting_idx ON core.evidence_spans (posting_id);
CREATE INDEX evidence_spans_month_idx ON core.evidence_spans USING brin (month);

-- Per posting: all its matches under each taxonomy version (only the first EVIDENCE_LIMIT are stored as spans),
-- match_totals[i] under taxonomy_version_ids[i].
CREATE TABLE core.evidence_totals (
    posting_id           bigint     NOT NULL,
    month                date       NOT NULL,
    taxonomy_version_ids smallint[] NOT NULL,  -- meta.taxonomy_versions
    match_totals         integer[]  NOT NULL
);
CREATE INDEX evidence_totals_posting_idx ON core.evidence_totals (posting_id);
CREATE INDEX evidence_totals_month_idx ON core.evidence_totals USING brin (month);

-- Existing rows: their taxonomy versions and keywords are numbered already (collect_evidence registers them
-- first); any that is not gets its number here rather than its rows lost.
INSERT INTO meta.taxonomy_versions (taxonomy_id, taxonomy_version)
SELECT DISTINCT taxonomy_id, taxonomy_version FROM core.match_evidence
ON CONFLICT (taxonomy_id, taxonomy_version) DO NOTHING;

INSERT INTO meta.taxonomy_keywords (taxonomy_version_id, group_id, term)
SELECT DISTINCT v.taxonomy_version_id, e.group_id, e.keyword
FROM core.match_evidence AS e
JOIN meta.taxonomy_versions AS v USING (taxonomy_id, taxonomy_version)
ON CONFLICT (taxonomy_version_id, group_id, term) DO NOTHING;

CREATE TEMPORARY TABLE numbered_evidence ON COMMIT DROP AS
SELECT e.*, k.taxonomy_version_id, k.keyword_id,
       (SELECT n FROM generate_series(0, 31) AS n WHERE meta.evidence_section(n::smallint) = e.section)::smallint
           AS section_number
FROM core.match_evidence AS e
JOIN meta.taxonomy_versions AS v USING (taxonomy_id, taxonomy_version)
JOIN meta.taxonomy_keywords AS k
  ON k.taxonomy_version_id = v.taxonomy_version_id AND k.group_id = e.group_id AND k.term = e.keyword;

-- A section outside the list fails the migration (section is NOT NULL) instead of being dropped.
INSERT INTO core.evidence_spans (
    posting_id, month, keyword_ids, match_ranks, section, char_offset, matched_text, snippet
)
SELECT posting_id, month, array_agg(keyword_id ORDER BY keyword_id, match_rank),
       array_agg(match_rank ORDER BY keyword_id, match_rank), section_number, char_offset, matched_text, snippet
FROM numbered_evidence
GROUP BY posting_id, month, section_number, char_offset, matched_text, snippet;

INSERT INTO core.evidence_totals (posting_id, month, taxonomy_version_ids, match_totals)
SELECT posting_id, month, array_agg(taxonomy_version_id ORDER BY taxonomy_version_id),
       array_agg(match_total ORDER BY taxonomy_version_id)
FROM (
    SELECT posting_id, month, taxonomy_version_id, max(match_total) AS match_total
    FROM numbered_evidence
    GROUP BY posting_id, month, taxonomy_version_id
) AS per_version
GROUP BY posting_id, month;

DROP TABLE core.match_evidence;

-- One row per stored match: why a posting was tagged, for audits and BI drill-down. match_total: all the
-- posting's matches under the taxonomy (only the first EVIDENCE_LIMIT are stored).
CREATE VIEW core.match_evidence AS
SELECT s.posting_id, v.taxonomy_id, v.taxonomy_version, s.month, r.match_rank, k.group_id, k.term AS keyword,
       meta.evidence_section(s.section) AS section, s.char_offset, s.matched_text, s.snippet, t.match_total
FROM core.evidence_spans AS s
CROSS JOIN LATERAL unnest(s.keyword_ids, s.match_ranks) AS r (keyword_id, match_rank)
JOIN meta.taxonomy_keywords AS k ON k.keyword_id = r.keyword_id
JOIN meta.taxonomy_versions AS v ON v.taxonomy_version_id = k.taxonomy_version_id
JOIN core.evidence_totals AS o ON o.posting_id = s.posting_id AND o.month = s.month
CROSS JOIN LATERAL unnest(o.taxonomy_version_ids, o.match_totals) AS t (taxonomy_version_id, match_total)
WHERE t.taxonomy_version_id = k.taxonomy_version_id;
