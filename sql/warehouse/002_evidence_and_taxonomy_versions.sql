-- Match evidence, and several taxonomy versions side by side.

-- The classifier's evidence for a posting under a taxonomy: the first matches (bounded) as a JSON array, and how
-- many matches there were in all. Staged with the flags so that one COPY writes both.
ALTER TABLE staging.classified ADD COLUMN IF NOT EXISTS match_count integer NOT NULL DEFAULT 0;
ALTER TABLE staging.classified ADD COLUMN IF NOT EXISTS evidence jsonb NOT NULL DEFAULT '[]';

ALTER TABLE core.tagged_postings ADD COLUMN IF NOT EXISTS match_count integer NOT NULL DEFAULT 0;

-- One row per stored match: why a posting was tagged, for audits and BI drill-down.
CREATE TABLE IF NOT EXISTS core.match_evidence (
    posting_id       bigint   NOT NULL,
    taxonomy_id      text     NOT NULL,
    taxonomy_version integer  NOT NULL,
    month            date     NOT NULL,
    match_rank       smallint NOT NULL,  -- 1 = first match in reading order (title, intro, main_tasks, ...)
    group_id         text     NOT NULL,
    keyword          text     NOT NULL,
    section          text     NOT NULL,
    char_offset      integer  NOT NULL,  -- in the NFKC-normalised section text
    matched_text     text     NOT NULL,
    snippet          text     NOT NULL,  -- about 30 characters either side of the match
    PRIMARY KEY (posting_id, taxonomy_id, match_rank)
);
CREATE INDEX IF NOT EXISTS match_evidence_month_idx ON core.match_evidence (month, taxonomy_id);

-- Results of earlier taxonomy versions: when a month is loaded under a new version, the rows it replaces move
-- here, so the previous version stays queryable until dropped (`ai-job-share drop-taxonomy-version`).
CREATE TABLE IF NOT EXISTS core.tagged_postings_archive (
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
    match_count            integer     NOT NULL,
    loaded_at              timestamptz NOT NULL,
    archived_at            timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (posting_id, taxonomy_id, taxonomy_version)
);
