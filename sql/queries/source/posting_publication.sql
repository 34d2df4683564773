-- When the postings with these ids are published now: the month a posting that left its month moved into. Only
-- publication times a month can hold (within the sane window, not in the future: undated_postings.sql records the
-- others). {postings}: the source mapping's SELECT. Parameters: ids (bigint[]), timestamps_from.
SELECT id, published_at
FROM ({postings}) AS p
WHERE id = ANY(%(ids)s::bigint[])
  AND published_at >= %(timestamps_from)s
  AND published_at <= now()
