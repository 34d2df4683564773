-- The issues recorded for postings: their own, and the caveats of their month's load that concern every posting
-- of it (posting_id NULL, stage load; a row without an id, recorded by the extract, concerns no other posting). The
-- second are asked for by month (the months the postings were loaded in).
SELECT i.posting_id, to_char(i.month, 'YYYY-MM') AS month, i.reason, i.action, i.detail, i.stage, i.postings
FROM core.posting_issues AS i
WHERE i.posting_id = ANY(%(posting_ids)s)
   OR (i.posting_id IS NULL AND i.stage = 'load' AND i.month = ANY(%(months)s::date[]))
ORDER BY i.posting_id NULLS LAST, i.month, i.stage, i.reason
