-- What the database says of a source mapping's relation (parameter relation, as schema.name): whether it exists,
-- whether it has physical row ids (a table, not a view), and its columns.
SELECT c.relkind IN ('r', 'p', 'm') AS has_row_ids,
       array_agg(a.attname::text ORDER BY a.attnum) FILTER (WHERE a.attnum > 0 AND NOT a.attisdropped) AS columns
FROM pg_catalog.pg_class AS c
LEFT JOIN pg_catalog.pg_attribute AS a ON a.attrelid = c.oid
WHERE c.oid = to_regclass(%(relation)s)
GROUP BY c.relkind
