-- After publishing: the rows of the month's earlier loads (the one replaced, and any abandoned by failed runs
-- more than a day ago; a younger unpublished load may belong to a run still writing its chunks).
WITH replaced AS (
    SELECT load_id FROM meta.loads
    WHERE month = %(month)s
      AND load_id <> %(load_id)s
      AND (published_at IS NOT NULL OR created_at < now() - interval '1 day')
),
texts AS (
    DELETE FROM core.posting_texts WHERE load_id IN (SELECT load_id FROM replaced)
),
postings AS (
    DELETE FROM core.postings WHERE load_id IN (SELECT load_id FROM replaced)
)
DELETE FROM meta.loads WHERE load_id IN (SELECT load_id FROM replaced)
