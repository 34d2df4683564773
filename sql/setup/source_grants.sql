-- Setup, in the source database: the reader may read the job board's tables, now and when they are created later
-- by this (setup) user, and nothing else (the generator's ground truth included).
CREATE SCHEMA IF NOT EXISTS job_board;
GRANT USAGE ON SCHEMA job_board TO {source_reader};
GRANT SELECT ON ALL TABLES IN SCHEMA job_board TO {source_reader};
ALTER DEFAULT PRIVILEGES IN SCHEMA job_board GRANT SELECT ON TABLES TO {source_reader};
