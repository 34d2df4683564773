-- The matches of the keywords carry_over_versions.sql kept (%(keyword_ids)s), copied from the month's published
-- load onto the same postings of the new load.
UPDATE core.postings AS p
SET keyword_ids = p.keyword_ids
                  || ARRAY(SELECT unnest(o.keyword_ids) INTERSECT SELECT unnest(%(keyword_ids)s::smallint[]))
FROM meta.month_loads AS m, core.postings AS o
WHERE p.load_id = %(load_id)s
  AND m.month = %(month)s
  AND m.load_id <> %(load_id)s
  AND o.load_id = m.load_id
  AND o.posting_id = p.posting_id
