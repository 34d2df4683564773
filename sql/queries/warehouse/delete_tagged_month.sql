-- Remove what the month replaces: its previous rows, and rows of postings that were edited into this month.
DELETE FROM core.tagged_postings
WHERE taxonomy_id = ANY(%(taxonomy_ids)s)
  AND (month = %(month)s
       OR posting_id IN (SELECT posting_id FROM staging.postings WHERE month = %(month)s))
