-- The source contract: what a job board's PostgreSQL must provide for the pipeline to read.
-- The pipeline only ever SELECTs from job_board.companies and job_board.postings.
CREATE SCHEMA IF NOT EXISTS job_board;

CREATE TABLE IF NOT EXISTS job_board.companies (
    id             bigint PRIMARY KEY,
    name           text    NOT NULL,
    employee_count integer CHECK (employee_count >= 0)
);

CREATE TABLE IF NOT EXISTS job_board.postings (
    id                   bigint      PRIMARY KEY,
    company_id           bigint      NOT NULL REFERENCES job_board.companies (id),
    job_group            text        NOT NULL,  -- 개발, 디자인, 마케팅, 영업, ...
    job_role             text,                  -- role within the group: 백엔드, 프론트엔드, 데이터 엔지니어, ...
    title                text,
    intro                text,                  -- 회사/포지션 소개
    main_tasks           text,                  -- 주요업무
    requirements         text,                  -- 자격요건
    preferred            text,                  -- 우대사항
    benefits             text,                  -- 혜택 및 복지
    required_years_min   smallint,
    required_years_max   smallint,
    published_at         timestamptz,
    updated_at           timestamptz NOT NULL DEFAULT now(),
    status               text        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed', 'deleted'))
);

CREATE INDEX IF NOT EXISTS postings_published_at_idx ON job_board.postings (published_at);
