INSERT INTO core.posting_texts (load_id, chunk, block, first_posting_id, last_posting_id, postings, codec,
                                layout_version, data)
VALUES (%(load_id)s, %(chunk)s, %(block)s, %(first_posting_id)s, %(last_posting_id)s, %(postings)s, %(codec)s,
        %(layout_version)s, %(data)b)
