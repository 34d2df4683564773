-- A load tagged under only some taxonomies (a re-tag of one taxonomy) keeps the month's other results: the
-- versions the month's published load has and the new load does not re-tag are added to the new load's versions.
-- Returns their keyword ids (NULL when there are none, the usual case: then carry_over_keywords.sql is not run).
WITH previous AS (
    SELECT l.taxonomy_version_ids
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
versions AS (
    UPDATE meta.loads
    SET taxonomy_version_ids = taxonomy_version_ids || ARRAY(SELECT taxonomy_version_id FROM kept)
    WHERE load_id = %(load_id)s AND EXISTS (SELECT 1 FROM kept)
)
SELECT array_agg(keyword_id) FROM meta.taxonomy_keywords WHERE taxonomy_version_id IN (SELECT * FROM kept)
