-- Number a taxonomy version (once; later calls return the same number).
WITH inserted AS (
    INSERT INTO meta.taxonomy_versions (taxonomy_id, taxonomy_version)
    VALUES (%(taxonomy_id)s, %(taxonomy_version)s)
    ON CONFLICT (taxonomy_id, taxonomy_version) DO NOTHING
    RETURNING taxonomy_version_id
)
SELECT taxonomy_version_id FROM inserted
UNION ALL
SELECT taxonomy_version_id FROM meta.taxonomy_versions
WHERE taxonomy_id = %(taxonomy_id)s AND taxonomy_version = %(taxonomy_version)s
