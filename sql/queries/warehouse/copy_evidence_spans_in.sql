-- The spans of collect_evidence (labelling.evidence.EvidenceFinder writes the lines in this column order).
COPY core.evidence_spans (
    posting_id, month, keyword_ids, match_ranks, section, char_offset, matched_text, snippet
) FROM STDIN
