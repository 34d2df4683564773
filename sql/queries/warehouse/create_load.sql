-- A new, unpublished load of a month.
INSERT INTO meta.loads (month, origin, taxonomy_version_ids, chunks, source_postings, source_max_updated_at,
                        source_id_checksum)
VALUES (%(month)s, %(origin)s, %(taxonomy_version_ids)s, %(chunks)s, %(postings)s, %(max_updated_at)s,
        %(id_checksum)s)
RETURNING load_id
