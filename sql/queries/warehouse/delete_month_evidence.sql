-- The month's evidence under the taxonomies about to be collected again, and that of postings moved into the
-- month from another one.
DELETE FROM core.match_evidence
WHERE taxonomy_id = ANY(%(taxonomy_ids)s)
  AND (month = %(month)s
       OR posting_id IN (SELECT posting_id FROM core.postings WHERE load_id = %(load_id)s))
