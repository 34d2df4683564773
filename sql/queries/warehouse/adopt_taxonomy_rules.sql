-- A taxonomy version registered before its rules were fingerprinted (migration 016) takes the digest of the
-- rules the first run after the migration uses.
UPDATE meta.taxonomy_versions
SET rules_fingerprint = %(rules_fingerprint)s
WHERE taxonomy_version_id = %(taxonomy_version_id)s AND rules_fingerprint IS NULL
