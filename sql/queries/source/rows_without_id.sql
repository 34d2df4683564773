-- Rows of the month without an id: recorded (no_id, excluded) by what identifies them, never read.
-- {postings}: the source mapping's SELECT. updated_at as text (a year 10000 cannot be read into Python).
SELECT published_at, company_id, left(title, 80), updated_at::text
FROM ({postings}) AS p
WHERE published_at >= %(start)s
  AND published_at < %(end)s
  AND id IS NULL
ORDER BY published_at, company_id, title
