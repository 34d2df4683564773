-- The match counts of collect_evidence (labelling.evidence.EvidenceFinder writes the lines in this column order).
COPY core.evidence_totals (posting_id, month, taxonomy_version_ids, match_totals) FROM STDIN
