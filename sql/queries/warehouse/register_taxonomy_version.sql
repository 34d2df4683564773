-- Number a taxonomy version (once; later calls return the same number) and return the digest of the rules it was
-- first registered with (NULL for a version registered before migration 016: adopt_taxonomy_rules.sql fills it).
WITH inserted AS (
    INSERT INTO meta.taxonomy_versions (taxonomy_id, taxonomy_version, rules_fingerprint)
    VALUES (%(taxonomy_id)s, %(taxonomy_version)s, %(rules_fingerprint)s)
    ON CONFLICT (taxonomy_id, taxonomy_version) DO NOTHING
    RETURNING taxonomy_version_id, rules_fingerprint
)
SELECT taxonomy_version_id, rules_fingerprint FROM inserted
UNION ALL
SELECT taxonomy_version_id, rules_fingerprint FROM meta.taxonomy_versions
WHERE taxonomy_id = %(taxonomy_id)s AND taxonomy_version = %(taxonomy_version)s
