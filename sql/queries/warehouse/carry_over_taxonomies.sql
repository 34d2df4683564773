-- A load classified under only some taxonomies (a re-tag of one taxonomy) keeps the month's published results of
-- the others: their versions and matched keywords are copied from the load it replaces.
WITH previous AS (
    SELECT m.load_id, l.taxonomy_version_ids
    FROM meta.month_loads AS m JOIN meta.loads AS l USING (load_id)
    WHERE m.month = %(month)s AND m.load_id <> %(load_id)s
),
kept AS (
    SELECT v.taxonomy_version_id
    FROM previous
    JOIN meta.taxonomy_versions AS v ON v.taxonomy_version_id = ANY(previous.taxonomy_version_ids)
    WHERE v.taxonomy_id NOT IN (
        SELECT n.taxonomy_id FROM meta.loads AS l
        JOIN meta.taxonomy_versions AS n ON n.taxonomy_version_id = ANY(l.taxonomy_version_ids)
        WHERE l.load_id = %(load_id)s
    )
),
kept_keywords AS (
    SELECT array_agg(keyword_id) AS ids FROM meta.taxonomy_keywords WHERE taxonomy_version_id IN (SELECT * FROM kept)
),
versions AS (
    UPDATE meta.loads
    SET taxonomy_version_ids = taxonomy_version_ids || ARRAY(SELECT taxonomy_version_id FROM kept)
    WHERE load_id = %(load_id)s AND EXISTS (SELECT 1 FROM kept)
)
UPDATE core.postings AS p
SET keyword_ids = p.keyword_ids || ARRAY(SELECT unnest(o.keyword_ids) INTERSECT SELECT unnest(k.ids))
FROM core.postings AS o, previous, kept_keywords AS k
WHERE p.load_id = %(load_id)s
  AND o.load_id = previous.load_id
  AND o.posting_id = p.posting_id
  AND k.ids IS NOT NULL
