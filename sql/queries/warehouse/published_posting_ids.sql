-- The posting ids the month's published load holds (none when the month was never published).
SELECT p.posting_id
FROM core.postings AS p
JOIN meta.month_loads AS m ON m.load_id = p.load_id
WHERE m.month = %(month)s
