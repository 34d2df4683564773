-- A relation's kind (pg_class.relkind) and its columns in order, for applying and checking its docs file; no row
-- when it does not exist.
SELECT c.relkind::text,
       array(
           SELECT a.attname::text
           FROM pg_catalog.pg_attribute AS a
           WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
           ORDER BY a.attnum
       ) AS columns
FROM pg_catalog.pg_class AS c
WHERE c.oid = to_regclass(%(relation)s)
