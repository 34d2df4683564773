-- `ai-job-share import`: the valid records of the file, copied in with COPY before they are merged into job_board.*.
-- Temporary and dropped at commit; `line` is the record's line in the file (the later line wins for a repeated id).
DROP TABLE IF EXISTS pg_temp.import_latest;
DROP TABLE IF EXISTS pg_temp.import_postings;
CREATE TEMPORARY TABLE import_postings (
    line                   bigint      NOT NULL,
    id                     bigint      NOT NULL,
    company_id             bigint      NOT NULL,
    job_group              text        NOT NULL,
    job_role               text,
    title                  text,
    intro                  text,
    main_tasks             text,
    requirements           text,
    preferred              text,
    benefits               text,
    body                   text,
    required_years_min     smallint,
    required_years_max     smallint,
    published_at           timestamptz NOT NULL,
    updated_at             timestamptz,           -- NULL: not in the file
    status                 text        NOT NULL,
    company_name           text,
    company_employee_count integer
) ON COMMIT DROP;
