DELETE FROM core.tagged_postings_archive WHERE taxonomy_id = %(taxonomy_id)s AND taxonomy_version = %(version)s
