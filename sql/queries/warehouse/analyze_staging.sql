ANALYZE staging.postings, staging.classified
