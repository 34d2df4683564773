COPY core.match_evidence (
    posting_id, taxonomy_id, taxonomy_version, month, match_rank, group_id, keyword, section, char_offset,
    matched_text, snippet, match_total
) FROM STDIN
