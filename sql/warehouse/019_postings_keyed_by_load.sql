-- core.postings is written, read and deleted load by load: its primary key now leads with load_id, so the index on
-- load_id alone is redundant and dropped - one index less to maintain on every COPY of a chunk. A posting is still
-- found by its id (core.tagged_postings reaches it through its month's load).
ALTER TABLE core.postings DROP CONSTRAINT postings_pkey;
ALTER TABLE core.postings ADD CONSTRAINT postings_pkey PRIMARY KEY (load_id, posting_id);
DROP INDEX core.postings_load_idx;
