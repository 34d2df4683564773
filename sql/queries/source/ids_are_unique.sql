-- Whether a primary key or unique index on the postings relation's id column alone guarantees that no id repeats
-- (then month_duplicates.sql, a grouping of the whole month, need not run). Parameters: relation, id_column.
SELECT EXISTS (
    SELECT 1
    FROM pg_catalog.pg_index AS i
    JOIN pg_catalog.pg_attribute AS a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
    WHERE i.indrelid = to_regclass(%(relation)s)
      AND i.indisunique
      AND i.indisvalid
      AND i.indpred IS NULL
      AND i.indnkeyatts = 1
      AND a.attname = %(id_column)s
)
