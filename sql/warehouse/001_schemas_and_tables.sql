-- Warehouse layout: staging (raw month extracts, classifier output), core (tagged postings), reporting (BI views).
CREATE SCHEMA IF NOT EXISTS staging;
CREATE SCHEMA IF NOT EXISTS core;
CREATE SCHEMA IF NOT EXISTS reporting;

-- The month's postings exactly as extracted from the source, replaced month by month. Keeping the text here lets
-- a new taxonomy version re-tag history without reading the source again.
CREATE TABLE IF NOT EXISTS staging.postings (
    month                  date        NOT NULL,
    posting_id             bigint      NOT NULL,
    company_id             bigint,
    company_employee_count integer,
    job_group              text,
    job_role               text,
    title                  text,
    intro                  text,
    main_tasks             text,
    requirements           text,
    preferred              text,
    benefits               text,
    required_years_min     smallint,
    required_years_max     smallint,
    published_at           timestamptz,
    updated_at             timestamptz,
    status                 text,
    extracted_at           timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (month, posting_id)
);

-- Classifier output for a month, one row per posting and taxonomy.
CREATE TABLE IF NOT EXISTS staging.classified (
    month            date    NOT NULL,
    posting_id       bigint  NOT NULL,
    taxonomy_id      text    NOT NULL,
    taxonomy_version integer NOT NULL,
    is_ai            boolean NOT NULL,
    is_data          boolean NOT NULL,
    matched_keywords text[]  NOT NULL,
    PRIMARY KEY (month, taxonomy_id, posting_id)
);

-- Tagged postings: one row per posting and taxonomy, the month replaced in one transaction by each run.
CREATE TABLE IF NOT EXISTS core.tagged_postings (
    posting_id             bigint      NOT NULL,
    taxonomy_id            text        NOT NULL,
    taxonomy_version       integer     NOT NULL,
    month                  date        NOT NULL,
    company_id             bigint,
    company_employee_count integer,
    job_group              text,
    job_role               text,
    required_years_min     smallint,
    published_at           timestamptz,
    status                 text,
    is_ai                  boolean     NOT NULL,
    is_data                boolean     NOT NULL,
    is_ai_or_data          boolean     GENERATED ALWAYS AS (is_ai OR is_data) STORED,
    matched_keywords       text[]      NOT NULL,
    loaded_at              timestamptz NOT NULL,
    PRIMARY KEY (posting_id, taxonomy_id)
);

CREATE INDEX IF NOT EXISTS tagged_postings_month_idx ON core.tagged_postings (month, taxonomy_id);
