-- Whether a load was tagged under every one of the taxonomy versions %(taxonomy_version_ids)s.
SELECT taxonomy_version_ids @> %(taxonomy_version_ids)s::smallint[]
FROM meta.loads
WHERE load_id = %(load_id)s
