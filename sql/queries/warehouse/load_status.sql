-- A load: its month, how many chunks it needs and has, and whether it is published.
SELECT l.month, l.origin, l.chunks, count(c.chunk) AS chunks_written, l.published_at IS NOT NULL AS published,
       l.source_postings, l.source_max_updated_at, l.source_id_checksum
FROM meta.loads AS l
LEFT JOIN meta.load_chunks AS c USING (load_id)
WHERE l.load_id = %(load_id)s
GROUP BY l.load_id
