-- Postings of the new load that the published load of another month still holds were moved into this month in
-- the source (their published_at was edited): the other month no longer counts them, nor keeps their evidence,
-- and the next reporting refresh recomputes it (its published load changed in place: meta.reporting_stale_months).
WITH moved AS (
    DELETE FROM core.postings AS o
    USING meta.month_loads AS m
    WHERE o.load_id = m.load_id
      AND m.month <> %(month)s
      AND o.posting_id IN (SELECT posting_id FROM core.postings WHERE load_id = %(load_id)s)
    RETURNING o.posting_id, o.month
),
noted AS (
    INSERT INTO meta.reporting_stale_months (month) SELECT DISTINCT month FROM moved
),
spans AS (
    DELETE FROM core.evidence_spans
    WHERE month <> %(month)s
      AND posting_id IN (SELECT posting_id FROM moved)
)
DELETE FROM core.evidence_totals
WHERE month <> %(month)s
  AND posting_id IN (SELECT posting_id FROM moved)
