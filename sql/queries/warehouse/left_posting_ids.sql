-- The postings recorded as having left the month for no month the warehouse counts them in (left_month): looked
-- for again by every extract of the month, so the record stays while the posting is still counted nowhere.
SELECT posting_id
FROM core.posting_issues
WHERE month = %(month)s
  AND stage = 'extract'
  AND reason = 'left_month'
