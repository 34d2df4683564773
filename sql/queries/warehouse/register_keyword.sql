-- Number a keyword of a taxonomy version (once; later calls return the same number).
WITH inserted AS (
    INSERT INTO meta.taxonomy_keywords (taxonomy_version_id, group_id, term)
    VALUES (%(taxonomy_version_id)s, %(group_id)s, %(term)s)
    ON CONFLICT (taxonomy_version_id, group_id, term) DO NOTHING
    RETURNING keyword_id
)
SELECT keyword_id FROM inserted
UNION ALL
SELECT keyword_id FROM meta.taxonomy_keywords
WHERE taxonomy_version_id = %(taxonomy_version_id)s AND group_id = %(group_id)s AND term = %(term)s
