INSERT INTO meta.load_chunks (load_id, chunk, postings)
VALUES (%(load_id)s, %(chunk)s, %(postings)s)
ON CONFLICT (load_id, chunk) DO UPDATE SET postings = EXCLUDED.postings, written_at = now()
