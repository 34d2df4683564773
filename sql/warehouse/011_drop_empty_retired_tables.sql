-- New installs carry no retired objects. Migration 001 created staging tables that 006 retired: moved to schema
-- `retired` (nothing deleted) or dropped. Where a retired table holds no row - every new install, and any
-- warehouse that loaded nothing before 006 - it is dropped, and the schema with it once empty; a warehouse that
-- holds rows there keeps them until its owner drops them.
DO $$
DECLARE
    retired_table text;
    has_rows boolean;
BEGIN
    FOR retired_table IN
        SELECT c.relname FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace
        WHERE n.nspname = 'retired' AND c.relkind IN ('r', 'p')
    LOOP
        EXECUTE format('SELECT EXISTS (SELECT FROM retired.%I)', retired_table) INTO has_rows;
        IF NOT has_rows THEN
            EXECUTE format('DROP TABLE retired.%I', retired_table);
        END IF;
    END LOOP;
    IF NOT EXISTS (
        SELECT FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace WHERE n.nspname = 'retired'
    ) THEN
        DROP SCHEMA IF EXISTS retired;
    END IF;
END
$$;
