#!/usr/bin/env bash
# Runs once, when the postgres container initialises an empty data directory (/docker-entrypoint-initdb.d), as
# the superuser. Creates the three databases of the stack and the roles that use them:
#
#   database                  owner                  who else may connect
#   airflow                   airflow                nobody (Airflow's metadata)
#   ai_job_share_source       the superuser          ai_job_share_source_reader: SELECT on job_board.* only
#   ai_job_share_warehouse    ai_job_share_etl       ai_job_share_bi: SELECT on reporting.* only
#
# ai_job_share_etl owns the warehouse, so the schemas and tables that `ai-job-share migrate` and the DAG create
# (staging, core, reporting, meta) are its own. The schema reporting is created here, owned by it, with default
# privileges that give ai_job_share_bi SELECT on every table, view and materialised view it will create there.
# The source stands in for the job board (seed it with `docker compose run --rm ai-job-share-seed`); a real job
# board grants its reader the same: USAGE on job_board and SELECT on its tables.
#
# Passwords come from the environment (docker-compose.yml passes them from .env); nothing here holds one.
# Safe to run again: existing roles get their password reset, existing databases are kept.
set -euo pipefail

for name in AIRFLOW_DB_PASSWORD AI_JOB_SHARE_ETL_PASSWORD AI_JOB_SHARE_SOURCE_READER_PASSWORD AI_JOB_SHARE_BI_PASSWORD; do
  value="${!name:-}"
  if [[ -z "$value" || "$value" == change-me* ]]; then
    echo "postgres-init: $name is empty or still the placeholder of .env.example; set it in .env" >&2
    exit 1
  fi
done

superuser="${POSTGRES_USER:-postgres}"
run_psql() {
  psql -v ON_ERROR_STOP=1 --no-psqlrc --quiet --username "$superuser" -v superuser="$superuser" "$@"
}

run_psql --dbname "${POSTGRES_DB:-postgres}" \
  -v airflow_password="$AIRFLOW_DB_PASSWORD" \
  -v etl_password="$AI_JOB_SHARE_ETL_PASSWORD" \
  -v reader_password="$AI_JOB_SHARE_SOURCE_READER_PASSWORD" \
  -v bi_password="$AI_JOB_SHARE_BI_PASSWORD" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN', name)
FROM unnest(ARRAY['airflow', 'ai_job_share_etl', 'ai_job_share_source_reader', 'ai_job_share_bi']) AS name
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = name)
\gexec
ALTER ROLE airflow PASSWORD :'airflow_password';
ALTER ROLE ai_job_share_etl PASSWORD :'etl_password';
ALTER ROLE ai_job_share_source_reader PASSWORD :'reader_password';
ALTER ROLE ai_job_share_bi PASSWORD :'bi_password';
-- The read-only roles cannot write even by mistake; BI tools see the reporting schema first.
ALTER ROLE ai_job_share_source_reader SET default_transaction_read_only = on;
ALTER ROLE ai_job_share_bi SET default_transaction_read_only = on;
ALTER ROLE ai_job_share_bi SET search_path = reporting;

SELECT format('CREATE DATABASE %I OWNER %I', name, owner)
FROM (VALUES ('airflow', 'airflow'),
             ('ai_job_share_source', :'superuser'),
             ('ai_job_share_warehouse', 'ai_job_share_etl')) AS wanted (name, owner)
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = name)
\gexec
REVOKE ALL ON DATABASE airflow, ai_job_share_source, ai_job_share_warehouse FROM PUBLIC;
GRANT CONNECT ON DATABASE ai_job_share_source TO ai_job_share_source_reader;
GRANT CONNECT ON DATABASE ai_job_share_warehouse TO ai_job_share_bi;
SQL

run_psql --dbname ai_job_share_source <<'SQL'
CREATE SCHEMA IF NOT EXISTS job_board;
GRANT USAGE ON SCHEMA job_board TO ai_job_share_source_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA job_board TO ai_job_share_source_reader;
ALTER DEFAULT PRIVILEGES FOR ROLE :"superuser" IN SCHEMA job_board
    GRANT SELECT ON TABLES TO ai_job_share_source_reader;
SQL

run_psql --dbname ai_job_share_warehouse <<'SQL'
CREATE SCHEMA IF NOT EXISTS reporting AUTHORIZATION ai_job_share_etl;
GRANT USAGE ON SCHEMA reporting TO ai_job_share_bi;
GRANT SELECT ON ALL TABLES IN SCHEMA reporting TO ai_job_share_bi;
ALTER DEFAULT PRIVILEGES FOR ROLE ai_job_share_etl IN SCHEMA reporting
    GRANT SELECT ON TABLES TO ai_job_share_bi;
SQL

echo "postgres-init: databases airflow, ai_job_share_source, ai_job_share_warehouse and their roles are ready"
