-- Setup, run once per server by a user that may create roles (`ai-job-share setup`, the demo, the tests):
-- the least-privilege roles the product runs as. Role names are global to the server, so they derive from the
-- installation's prefix (AI_JOB_SHARE_DB_PREFIX, default ai_job_share); databases.py fills the placeholders in.
--   {source_reader}  reads job_board.* in the source, nothing else (read-only by default)
--   {etl}            owns the warehouse database and everything the migrations create in it
--   {bi}             reads the warehouse's reporting schema only (read-only by default)
--   {airflow}        owns Airflow's metadata database
-- No password is set here: give one with ALTER ROLE ... PASSWORD, or rely on the server's local trust/peer rules.
SELECT pg_advisory_xact_lock(hashtext('ai_job_share.setup_roles'));

DO $$
DECLARE
    role_name text;
BEGIN
    FOREACH role_name IN ARRAY ARRAY[{source_reader_name}, {etl_name}, {bi_name}, {airflow_name}] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = role_name) THEN
            EXECUTE format('CREATE ROLE %I LOGIN', role_name);
        END IF;
    END LOOP;
END
$$;

ALTER ROLE {source_reader} SET default_transaction_read_only = on;
ALTER ROLE {bi} SET default_transaction_read_only = on;
ALTER ROLE {bi} SET search_path = reporting;
