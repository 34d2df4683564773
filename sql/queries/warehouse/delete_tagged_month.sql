-- Remove what the month replaces: its previous rows and their evidence, and those of postings that were edited
-- into this month from another one.
WITH replaced_evidence AS (
    DELETE FROM core.match_evidence
    WHERE taxonomy_id = ANY(%(taxonomy_ids)s)
      AND (month = %(month)s
           OR posting_id IN (SELECT posting_id FROM staging.postings WHERE month = %(month)s))
)
DELETE FROM core.tagged_postings
WHERE taxonomy_id = ANY(%(taxonomy_ids)s)
  AND (month = %(month)s
       OR posting_id IN (SELECT posting_id FROM staging.postings WHERE month = %(month)s))
