DELETE FROM staging.postings WHERE month = %(month)s
