COPY staging.classified (
    month, posting_id, taxonomy_id, taxonomy_version, is_ai, is_data, matched_keywords, match_count, evidence, has_text
) FROM STDIN
