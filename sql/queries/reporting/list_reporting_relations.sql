-- Every table and view of schema reporting, with its number of columns (the CSV export orders by all of them).
SELECT c.relname,
       (SELECT count(*) FROM pg_attribute AS a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped)
FROM pg_class AS c
JOIN pg_namespace AS n ON n.oid = c.relnamespace
WHERE n.nspname = 'reporting'
  AND c.relkind IN ('r', 'v', 'm', 'p', 'f')
ORDER BY c.relname
