-- The extract's findings replace the previous extract's: this month's, and the postings of no month.
DELETE FROM core.posting_issues
WHERE stage = 'extract'
  AND (month = %(month)s OR month IS NULL)
