-- Data quality: every posting the pipeline does not count, or counts with a caveat, is recorded with the reason.

-- Job groups the source contract knows; a posting of another group is loaded (it can never count as developer)
-- and noted. Add a group: INSERT INTO meta.job_groups VALUES ('...');
CREATE TABLE IF NOT EXISTS meta.job_groups (job_group text PRIMARY KEY);
INSERT INTO meta.job_groups (job_group)
VALUES ('개발'), ('디자인'), ('마케팅'), ('영업'), ('경영·비즈니스'), ('HR'), ('고객서비스·리테일'), ('미디어'),
       ('엔지니어링·설계'), ('제조·생산'), ('의료·제약·바이오'), ('교육'), ('물류·무역'), ('금융'), ('법률·법집행기관')
ON CONFLICT DO NOTHING;

-- One row per posting and issue. action 'excluded': not loaded into core.tagged_postings (not counted anywhere);
-- 'kept': loaded, with a caveat. stage: which task recorded it ('extract' or 'load'); each run replaces its own
-- month's rows, so a fixed posting disappears from here on the next run. month is NULL for postings that belong
-- to no processed month (no published_at, or published in the future).
CREATE TABLE IF NOT EXISTS core.posting_issues (
    month       date,
    posting_id  bigint      NOT NULL,
    reason      text        NOT NULL,
    action      text        NOT NULL CHECK (action IN ('excluded', 'kept')),
    detail      text,
    stage       text        NOT NULL CHECK (stage IN ('extract', 'load')),
    recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS posting_issues_month_idx ON core.posting_issues (month, stage);

-- Whether a posting has any text at all (decided by the classifier, after Unicode normalisation).
ALTER TABLE staging.classified ADD COLUMN IF NOT EXISTS has_text boolean NOT NULL DEFAULT true;

-- What each month's last extract saw in the source, to detect postings edited after their month was processed.
CREATE TABLE IF NOT EXISTS meta.month_extracts (
    month          date        PRIMARY KEY,
    postings       bigint      NOT NULL,
    max_updated_at timestamptz,
    id_checksum    numeric     NOT NULL,
    extracted_at   timestamptz NOT NULL DEFAULT now()
);
