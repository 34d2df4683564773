-- The warehouse schema as migrations 001-016 left it, in one readable file: what a new warehouse is created from.
-- The reporting views are in sql/reporting/ (re-applied by every migration), meta.schema_migrations is created by
-- the migration runner itself. Later changes are new files numbered from 017 on (001-016 stay taken).
--
-- A warehouse that applied every migration below is recorded as having applied this file, which is not run there
-- (ai_job_share.warehouse.migrations); one that applied only some of them is refused with what to do. The old
-- files are in the git history and, for the test of that upgrade, in tests/integration/warehouse/fixtures/.
-- The descriptions of reporting.chatgpt_trend_break and _placebo are in sql/warehouse/docs/, commented by every
-- migration; they were once here, and that earlier text of this file is listed in SAME_OBJECTS_AS of
-- ai_job_share.warehouse.migrations, so the warehouses that applied it take this text without running it.
-- replaces: warehouse/001_schemas_and_tables.sql
-- replaces: warehouse/002_evidence_and_taxonomy_versions.sql
-- replaces: warehouse/003_reporting_titles_and_settings.sql
-- replaces: warehouse/004_data_quality.sql
-- replaces: warehouse/005_reporting_refresh.sql
-- replaces: warehouse/006_single_pass_loads.sql
-- replaces: warehouse/007_postings_write_path.sql
-- replaces: warehouse/008_taxonomy_flags.sql
-- replaces: warehouse/009_trend_break.sql
-- replaces: warehouse/010_load_wide_issues.sql
-- replaces: warehouse/011_drop_empty_retired_tables.sql
-- replaces: warehouse/011_trend_break_classical_p_values.sql
-- replaces: warehouse/012_posting_layout_version.sql
-- replaces: warehouse/013_developer_definition.sql
-- replaces: warehouse/014_pipeline_locks.sql
-- replaces: warehouse/015_unknown_status.sql
-- replaces: warehouse/016_taxonomy_rules_fingerprint.sql

CREATE SCHEMA IF NOT EXISTS meta;  -- settings, taxonomy versions, loads, locks
CREATE SCHEMA IF NOT EXISTS core;  -- the postings of every load, their text, evidence and issues
CREATE SCHEMA IF NOT EXISTS reporting;  -- what BI tools read (the views: sql/reporting/marts)

-- === Settings ====================================================================================================

-- Settings of the reporting views, read when they are refreshed. Change one with e.g.
--   UPDATE meta.reporting_settings SET value = '45' WHERE name = 'repost_window_days';
-- then refresh (the next DAG run, or `ai-job-share refresh`). docs/data-dictionary.md lists them.
CREATE TABLE meta.reporting_settings (
    name        text PRIMARY KEY,
    value       text NOT NULL,
    description text NOT NULL,
    CONSTRAINT reporting_settings_integer_values CHECK (
        name NOT IN ('repost_window_days', 'small_sample_postings', 'breakdown_min_postings')
        OR value ~ '^[0-9]{1,6}$'
    ),
    CONSTRAINT reporting_settings_role_name CHECK (name <> 'bi_role' OR value ~ '^[a-z_][a-z0-9_]{0,62}$'),
    CONSTRAINT reporting_settings_month_values
        CHECK (name <> 'trend_break_month' OR value ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
    CONSTRAINT reporting_settings_developer_job_groups CHECK (name <> 'developer_job_groups' OR btrim(value) <> '')
);

-- bi_role and developer_job_groups take their first value from the settings ai_job_share.bi_role and
-- ai_job_share.developer_job_groups of the session that migrates (e.g. PGOPTIONS='-c ai_job_share.bi_role=acme_bi').
INSERT INTO meta.reporting_settings (name, value, description) VALUES
    ('repost_window_days', '30',
     'A posting is a repost when the same company published a counted posting with the same title_key at most '
     'this many Korea-time calendar days earlier'),
    ('small_sample_postings', '100',
     'reporting.monthly_ai_share.small_sample is true when a month has fewer developer postings than this'),
    ('breakdown_min_postings', '30',
     'reporting.monthly_ai_share_breakdown suppresses cells with fewer developer postings than this'),
    ('bi_role', coalesce(nullif(current_setting('ai_job_share.bi_role', true), ''), 'ai_job_share_bi'),
     'The read-only role BI tools use: SELECT on schema reporting only (set at the first migration from the '
     'setting ai_job_share.bi_role, default ai_job_share_bi)'),
    ('trend_break_month', '2022-12',
     'The first month after the event under test (YYYY-MM): the interrupted time series '
     '(reporting.chatgpt_trend_break) breaks there, and the pooled comparison counts it as the first month after'),
    ('trend_break_event', 'ChatGPT released 2022-11-30',
     'What happened just before trend_break_month, as charts and reports name it'),
    ('developer_job_groups', coalesce(nullif(current_setting('ai_job_share.developer_job_groups', true), ''), '개발'),
     'Which job groups count as developer postings: job_group values separated by commas, or * for every posting');

-- Which job groups count as developer postings, read by staging.developer_postings (under every reporting view)
-- and the month's quality check: every posting ('*'), or the listed job groups.
CREATE VIEW meta.developer_definition AS
SELECT coalesce(btrim(s.value) = '*', false) AS every_posting,
       coalesce(array(SELECT btrim(g) FROM unnest(string_to_array(s.value, ',')) AS g WHERE btrim(g) NOT IN ('', '*')),
                '{}') AS job_groups
FROM (SELECT (SELECT value FROM meta.reporting_settings WHERE name = 'developer_job_groups') AS value) AS s;
COMMENT ON VIEW meta.developer_definition IS
    'The developer definition (meta.reporting_settings developer_job_groups): every posting, or these job groups';

-- Job groups the source contract knows; a posting of another group is loaded and noted.
-- Add a group: INSERT INTO meta.job_groups VALUES ('...');
CREATE TABLE meta.job_groups (job_group text PRIMARY KEY);
INSERT INTO meta.job_groups (job_group)
VALUES ('개발'), ('디자인'), ('마케팅'), ('영업'), ('경영·비즈니스'), ('HR'), ('고객서비스·리테일'), ('미디어'),
       ('엔지니어링·설계'), ('제조·생산'), ('의료·제약·바이오'), ('교육'), ('물류·무역'), ('금융'), ('법률·법집행기관');

-- === Taxonomies ==================================================================================================

-- Every taxonomy version and keyword ever loaded, numbered: a posting stores the numbers of its matched keywords.
-- rules_fingerprint: the digest of the rules the version was registered with (ai_job_share.taxonomy); a run whose
-- rules differ under the same version is refused. NULL: registered before fingerprints, set by the next run.
CREATE TABLE meta.taxonomy_versions (
    taxonomy_version_id smallint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    taxonomy_id         text    NOT NULL,
    taxonomy_version    integer NOT NULL,
    rules_fingerprint   text,
    UNIQUE (taxonomy_id, taxonomy_version)
);

CREATE TABLE meta.taxonomy_keywords (
    keyword_id          smallint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    taxonomy_version_id smallint NOT NULL REFERENCES meta.taxonomy_versions,
    group_id            text     NOT NULL,
    term                text     NOT NULL,
    UNIQUE (taxonomy_version_id, group_id, term)
);

-- Per taxonomy version: its keyword numbers by group, as arrays a posting's keywords are tested against.
CREATE VIEW meta.taxonomy_version_keywords AS
SELECT v.taxonomy_version_id, v.taxonomy_id, v.taxonomy_version,
       coalesce(array_agg(k.keyword_id ORDER BY k.keyword_id) FILTER (WHERE k.group_id = 'ai'), '{}')   AS ai_keyword_ids,
       coalesce(array_agg(k.keyword_id ORDER BY k.keyword_id) FILTER (WHERE k.group_id = 'data'), '{}') AS data_keyword_ids,
       coalesce(array_agg(k.keyword_id ORDER BY k.keyword_id) FILTER (WHERE k.keyword_id IS NOT NULL), '{}') AS keyword_ids,
       coalesce(array_agg(k.term ORDER BY k.keyword_id) FILTER (WHERE k.keyword_id IS NOT NULL), '{}')       AS terms
FROM meta.taxonomy_versions AS v
LEFT JOIN meta.taxonomy_keywords AS k USING (taxonomy_version_id)
GROUP BY v.taxonomy_version_id, v.taxonomy_id, v.taxonomy_version;

-- What a set of keywords means under each taxonomy version a posting was classified under, defined once:
-- core.tagged_postings applies it to every posting, the reporting views once per distinct keyword set of a month.
-- A plain SQL function: the planner inlines it into the query that calls it.
CREATE FUNCTION meta.taxonomy_flags(posting_keyword_ids smallint[], version_ids smallint[])
RETURNS TABLE (
    taxonomy_id      text,
    taxonomy_version integer,
    is_ai            boolean,
    is_data          boolean,
    is_ai_or_data    boolean,
    matched_keywords text[]
)
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
SELECT v.taxonomy_id,
       v.taxonomy_version,
       posting_keyword_ids && v.ai_keyword_ids,
       posting_keyword_ids && v.data_keyword_ids,
       posting_keyword_ids && (v.ai_keyword_ids || v.data_keyword_ids),
       CASE WHEN posting_keyword_ids && v.keyword_ids
            THEN ARRAY(SELECT v.terms[i] FROM generate_subscripts(v.keyword_ids, 1) AS i
                       WHERE v.keyword_ids[i] = ANY(posting_keyword_ids) ORDER BY i)
            ELSE '{}'
       END
FROM meta.taxonomy_version_keywords AS v
WHERE v.taxonomy_version_id = ANY(version_ids)
$$;

COMMENT ON FUNCTION meta.taxonomy_flags(smallint[], smallint[]) IS
    'Per taxonomy version of version_ids: whether the keyword ids make a posting AI-related, data-related, either, '
    'and the matched terms in the taxonomy''s order';

-- === Loads =======================================================================================================
-- A load is one processing of one month (from the source, or re-tagged from the stored text). Its chunks are
-- written by parallel tasks into core.postings and core.posting_texts under the load's id, invisible until the
-- load is published: meta.month_loads then points the month at it, in one transaction (docs/adr/0001).

CREATE TABLE meta.loads (
    load_id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    month                date        NOT NULL,
    origin               text        NOT NULL CHECK (origin IN ('source', 'warehouse')),
    taxonomy_version_ids smallint[]  NOT NULL,  -- what the load's postings were classified under
    chunks               integer     NOT NULL,
    -- The source's fingerprint of the month when the load was planned (NULL when re-tagged from stored text).
    source_postings      bigint,
    source_max_updated_at timestamptz,
    source_id_checksum   numeric,
    created_at           timestamptz NOT NULL DEFAULT now(),
    published_at         timestamptz
);

-- Which chunks of a load are written (a retried chunk replaces its rows; publishing needs every chunk).
CREATE TABLE meta.load_chunks (
    load_id    bigint      NOT NULL REFERENCES meta.loads ON DELETE CASCADE,
    chunk      integer     NOT NULL,
    postings   integer     NOT NULL,
    written_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (load_id, chunk)
);

-- The published load of each month: what core.published_postings shows.
CREATE TABLE meta.month_loads (
    month        date        PRIMARY KEY,
    load_id      bigint      NOT NULL UNIQUE REFERENCES meta.loads,
    published_at timestamptz NOT NULL
);

-- What each month's last extract saw in the source, to detect postings edited after their month was processed.
CREATE TABLE meta.month_extracts (
    month          date        PRIMARY KEY,
    postings       bigint      NOT NULL,
    max_updated_at timestamptz,
    id_checksum    numeric     NOT NULL,
    extracted_at   timestamptz NOT NULL DEFAULT now()
);

-- The title's normalised form for repost detection: NFKC where the database is UTF8 (normalize() needs it),
-- whitespace removed, lower case. The pipeline computes the same on the way in
-- (ai_job_share.warehouse.pipeline.title_key).
DO $$
BEGIN
    EXECUTE format(
        'CREATE FUNCTION meta.title_key(title text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS %L',
        CASE WHEN getdatabaseencoding() = 'UTF8'
             THEN $body$SELECT nullif(lower(regexp_replace(normalize(title, NFKC), '\s+', '', 'g')), '')$body$
             ELSE $body$SELECT nullif(lower(regexp_replace(title, '\s+', '', 'g')), '')$body$
        END
    );
END
$$;

-- One row per posting of a load (every posting the source had in the month, also those the views leave out).
CREATE TABLE core.postings (
    posting_id             bigint      NOT NULL,
    load_id                bigint      NOT NULL,
    month                  date        NOT NULL,
    company_id             bigint,
    company_employee_count integer,
    job_group              text,
    job_role               text,
    required_years_min     smallint,
    published_at           timestamptz,
    status                 text,
    title                  text,
    title_key              text,                  -- computed on the way in: a generated column cost the COPY half
    has_text               boolean     NOT NULL,  -- false: title and every section empty or whitespace
    keyword_ids            smallint[]  NOT NULL,  -- meta.taxonomy_keywords with at least one match
    PRIMARY KEY (posting_id, load_id)
);
CREATE INDEX postings_load_idx ON core.postings (load_id);
COMMENT ON COLUMN core.postings.title_key IS
    'meta.title_key(title): the title in NFKC, without whitespace, in lower case (reposts are found by it)';

-- The month's text exactly as read from the source (COPY text rows of sql/queries/source/extract_month.sql, in
-- the order read), compressed in blocks: what re-tagging and the evidence read (docs/adr/0002).
CREATE TABLE core.posting_texts (
    load_id          bigint   NOT NULL,
    chunk            integer  NOT NULL,
    block            integer  NOT NULL,
    first_posting_id bigint   NOT NULL,  -- the lowest posting id in the block
    last_posting_id  bigint   NOT NULL,  -- the highest
    postings         integer  NOT NULL,
    codec            text     NOT NULL CHECK (codec IN ('zstd', 'none')),
    data             bytea    NOT NULL,
    layout_version   smallint NOT NULL,
    PRIMARY KEY (load_id, chunk, block)
);
-- Already compressed: PostgreSQL should not try again.
ALTER TABLE core.posting_texts ALTER COLUMN data SET STORAGE EXTERNAL;
COMMENT ON COLUMN core.posting_texts.layout_version IS
    'Version of the posting layout (ai_job_share.layout.VERSION) the rows of this block were written under';

-- The postings that count, one row each: those of every published load that have text and are open or closed
-- (the others are recorded in core.posting_issues; a status outside these, or NULL, is no live posting).
CREATE VIEW core.published_postings AS
SELECT p.*, m.published_at AS loaded_at, l.taxonomy_version_ids
FROM meta.month_loads AS m
JOIN meta.loads AS l USING (load_id)
JOIN core.postings AS p ON p.load_id = m.load_id
WHERE p.has_text
  AND p.status IN ('open', 'closed');

-- One row per counted posting and taxonomy version it was classified under: the layout the checks and the
-- command line read.
CREATE VIEW core.tagged_postings AS
SELECT p.posting_id,
       f.taxonomy_id,
       f.taxonomy_version,
       p.month,
       p.company_id,
       p.company_employee_count,
       p.job_group,
       p.job_role,
       p.required_years_min,
       p.published_at,
       p.status,
       f.is_ai,
       f.is_data,
       f.is_ai_or_data,
       f.matched_keywords,
       p.loaded_at,
       p.title,
       p.title_key,
       p.load_id
FROM core.published_postings AS p
CROSS JOIN LATERAL meta.taxonomy_flags(p.keyword_ids, p.taxonomy_version_ids) AS f;

-- One row per stored match: why a posting was tagged, for audits and BI drill-down. match_total: all the
-- posting's matches under the taxonomy (only the first EVIDENCE_LIMIT are stored).
CREATE TABLE core.match_evidence (
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
    match_total      integer,
    PRIMARY KEY (posting_id, taxonomy_id, match_rank)
);
CREATE INDEX match_evidence_month_idx ON core.match_evidence (month, taxonomy_id);

-- Results of earlier taxonomy versions: when a month is loaded under a new version, the rows it replaces move
-- here, so the previous version stays queryable until dropped (`ai-job-share drop-taxonomy-version`).
CREATE TABLE core.tagged_postings_archive (
    -- the posting under that taxonomy version
    posting_id bigint NOT NULL, taxonomy_id text NOT NULL, taxonomy_version integer NOT NULL,
    -- its fields as core.postings had them
    month date NOT NULL, company_id bigint, company_employee_count integer, job_group text, job_role text,
    required_years_min smallint, published_at timestamptz, status text,
    -- what the version found
    is_ai boolean NOT NULL, is_data boolean NOT NULL,
    is_ai_or_data boolean GENERATED ALWAYS AS (is_ai OR is_data) STORED,
    matched_keywords text[] NOT NULL, match_count integer,
    -- when its load was published, and when a new version replaced it
    loaded_at timestamptz NOT NULL, archived_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (posting_id, taxonomy_id, taxonomy_version)
);

-- One row per posting and issue. action 'excluded': not counted anywhere; 'kept': counted, with a caveat. stage:
-- which task recorded it; each run replaces its own month's rows, so a fixed posting disappears from here on the
-- next run. month is NULL for postings that belong to no processed month (no published_at, or in the future).
-- A caveat of every posting of a load is recorded once, posting_id NULL and postings the number it concerns.
CREATE TABLE core.posting_issues (
    month       date,
    posting_id  bigint,
    reason      text        NOT NULL,
    action      text        NOT NULL CHECK (action IN ('excluded', 'kept')),
    detail      text,
    stage       text        NOT NULL CHECK (stage IN ('extract', 'load')),
    recorded_at timestamptz NOT NULL DEFAULT now(),
    postings    bigint      NOT NULL DEFAULT 1,
    CONSTRAINT posting_issues_one_posting_or_a_count
        CHECK ((posting_id IS NOT NULL AND postings = 1) OR (posting_id IS NULL AND action = 'kept' AND postings > 0))
);
CREATE INDEX posting_issues_month_idx ON core.posting_issues (month, stage);

-- === Refresh and locks ===========================================================================================

-- When the last refresh of the reporting views started: a refresh asked for before that is already covered by it,
-- so the many runs of a backfill do not each refresh every view in turn.
CREATE TABLE meta.reporting_refresh (
    id              boolean     PRIMARY KEY DEFAULT true CHECK (id),
    last_started_at timestamptz NOT NULL
);

-- The pipeline's locks (a month being published, the refresh of the BI views) are row locks on this table, which
-- only its owner, the ETL role, may read or lock: any role could take and hold an advisory lock.
CREATE TABLE meta.locks (
    name text PRIMARY KEY  -- 'month 2022-03', 'refresh_reporting'; a row is added the first time it is locked
);
REVOKE ALL ON meta.locks FROM PUBLIC;

-- === The interrupted time series =================================================================================
-- Written by the refresh of the reporting views (ai_job_share.reporting.trend_break_tables): both tables are
-- replaced in one transaction from reporting.monthly_ai_share, so readers see the previous or the new figures.

CREATE TABLE reporting.chatgpt_trend_break (
    taxonomy_id                    text             NOT NULL,
    population                     text             NOT NULL,
    measure                        text             NOT NULL,
    break_month                    date             NOT NULL,
    first_month                    date             NOT NULL,
    last_month                     date             NOT NULL,
    months_before                  integer          NOT NULL,
    months_after                   integer          NOT NULL,
    hac_lags                       integer,
    pre_level_pp                   double precision,
    pre_level_ci_low_pp            double precision,
    pre_level_ci_high_pp           double precision,
    pre_slope_pp                   double precision,
    pre_slope_ci_low_pp            double precision,
    pre_slope_ci_high_pp           double precision,
    level_change_pp                double precision,
    level_change_ci_low_pp         double precision,
    level_change_ci_high_pp        double precision,
    level_change_p_value           double precision,
    slope_change_pp                double precision,
    slope_change_ci_low_pp         double precision,
    slope_change_ci_high_pp        double precision,
    slope_change_p_value           double precision,
    significant_level_change       boolean,
    significant_slope_change       boolean,
    placebo_months                 integer          NOT NULL,
    level_change_rank              integer,
    slope_change_rank              integer,
    verdict                        text             NOT NULL,
    level_change_classical_p_value double precision,
    slope_change_classical_p_value double precision,
    PRIMARY KEY (taxonomy_id, population, measure)
);

CREATE TABLE reporting.chatgpt_trend_break_placebo (
    taxonomy_id              text             NOT NULL,
    population               text             NOT NULL,
    measure                  text             NOT NULL,
    break_month              date             NOT NULL,
    is_break_month           boolean          NOT NULL,
    months_before            integer          NOT NULL,
    months_after             integer          NOT NULL,
    level_change_pp          double precision NOT NULL,
    level_change_ci_low_pp   double precision,
    level_change_ci_high_pp  double precision,
    level_change_p_value     double precision,
    slope_change_pp          double precision NOT NULL,
    slope_change_ci_low_pp   double precision,
    slope_change_ci_high_pp  double precision,
    slope_change_p_value     double precision,
    level_change_rank        integer,
    slope_change_rank        integer,
    PRIMARY KEY (taxonomy_id, population, measure, break_month)
);
