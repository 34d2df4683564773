INSERT INTO meta.month_extracts (month, postings, max_updated_at, id_checksum, extracted_at)
VALUES (%(month)s, %(postings)s, %(max_updated_at)s, %(id_checksum)s, now())
ON CONFLICT (month) DO UPDATE
SET postings = EXCLUDED.postings, max_updated_at = EXCLUDED.max_updated_at,
    id_checksum = EXCLUDED.id_checksum, extracted_at = EXCLUDED.extracted_at
