-- What an earlier attempt of this chunk wrote (a retry replaces it).
DELETE FROM core.posting_texts WHERE load_id = %(load_id)s AND chunk = %(chunk)s
