-- One pass per month: the source's rows are read once, labelled on the way and written as *loads*.
--
-- A load is one processing of one month (from the source, or re-tagged from the stored text). Its chunks are
-- written by parallel tasks into core.postings and core.posting_texts under the load's id, invisible until the
-- load is published: meta.month_loads then points the month at it, in one transaction, and the rows of the load
-- it replaces are deleted. core.tagged_postings, which the BI views read, is a view over the published loads.
--
-- Months loaded before this migration: their rows move to schema `retired` (nothing is deleted); re-run the
-- months (a backfill) to load them in the new layout, then drop that schema.

-- The reporting views read core.tagged_postings; they are re-created after this migration (sql/reporting).
DROP MATERIALIZED VIEW IF EXISTS reporting.chatgpt_comparison CASCADE;
DROP MATERIALIZED VIEW IF EXISTS reporting.monthly_ai_share CASCADE;
DROP MATERIALIZED VIEW IF EXISTS reporting.monthly_ai_share_breakdown CASCADE;
DROP MATERIALIZED VIEW IF EXISTS reporting.monthly_keyword_counts CASCADE;

CREATE SCHEMA IF NOT EXISTS retired;
ALTER TABLE core.tagged_postings SET SCHEMA retired;
ALTER TABLE staging.postings SET SCHEMA retired;
DROP TABLE staging.classified;

-- Every taxonomy version and keyword ever loaded, numbered: a posting stores the numbers of its matched keywords.
CREATE TABLE meta.taxonomy_versions (
    taxonomy_version_id smallint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    taxonomy_id         text    NOT NULL,
    taxonomy_version    integer NOT NULL,
    UNIQUE (taxonomy_id, taxonomy_version)
);

CREATE TABLE meta.taxonomy_keywords (
    keyword_id          smallint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    taxonomy_version_id smallint NOT NULL REFERENCES meta.taxonomy_versions,
    group_id            text     NOT NULL,
    term                text     NOT NULL,
    UNIQUE (taxonomy_version_id, group_id, term)
);

-- Per taxonomy version: its keyword numbers by group, as arrays the view tests a posting's keywords against.
CREATE VIEW meta.taxonomy_version_keywords AS
SELECT v.taxonomy_version_id, v.taxonomy_id, v.taxonomy_version,
       coalesce(array_agg(k.keyword_id ORDER BY k.keyword_id) FILTER (WHERE k.group_id = 'ai'), '{}')   AS ai_keyword_ids,
       coalesce(array_agg(k.keyword_id ORDER BY k.keyword_id) FILTER (WHERE k.group_id = 'data'), '{}') AS data_keyword_ids,
       coalesce(array_agg(k.keyword_id ORDER BY k.keyword_id) FILTER (WHERE k.keyword_id IS NOT NULL), '{}') AS keyword_ids,
       coalesce(array_agg(k.term ORDER BY k.keyword_id) FILTER (WHERE k.keyword_id IS NOT NULL), '{}')       AS terms
FROM meta.taxonomy_versions AS v
LEFT JOIN meta.taxonomy_keywords AS k USING (taxonomy_version_id)
GROUP BY v.taxonomy_version_id, v.taxonomy_id, v.taxonomy_version;

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

-- The published load of each month: what core.tagged_postings shows.
CREATE TABLE meta.month_loads (
    month        date        PRIMARY KEY,
    load_id      bigint      NOT NULL UNIQUE REFERENCES meta.loads,
    published_at timestamptz NOT NULL
);

-- The title's normalised form for repost detection (as core.tagged_postings.title_key was, migration 003):
-- NFKC where the database is UTF8 (normalize() needs it), whitespace removed, lower case.
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

-- One row per posting of a load (every posting the source had in the month, also those the view leaves out).
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
    title_key              text        GENERATED ALWAYS AS (meta.title_key(title)) STORED,
    has_text               boolean     NOT NULL,  -- false: title and every section empty or whitespace
    keyword_ids            smallint[]  NOT NULL,  -- meta.taxonomy_keywords with at least one match
    PRIMARY KEY (posting_id, load_id)
);
CREATE INDEX postings_load_idx ON core.postings (load_id);

-- The month's text exactly as read from the source (COPY text rows of sql/queries/source/extract_month.sql, in
-- the order read), compressed in blocks: what re-tagging and the evidence read.
CREATE TABLE core.posting_texts (
    load_id          bigint  NOT NULL,
    chunk            integer NOT NULL,
    block            integer NOT NULL,
    first_posting_id bigint  NOT NULL,  -- the lowest posting id in the block
    last_posting_id  bigint  NOT NULL,  -- the highest
    postings         integer NOT NULL,
    codec            text    NOT NULL CHECK (codec IN ('zstd', 'none')),
    data             bytea   NOT NULL,
    PRIMARY KEY (load_id, chunk, block)
);
-- Already compressed: PostgreSQL should not try again.
ALTER TABLE core.posting_texts ALTER COLUMN data SET STORAGE EXTERNAL;

-- Total matches of a posting under a taxonomy (core.match_evidence keeps the first EVIDENCE_LIMIT of them).
ALTER TABLE core.match_evidence ADD COLUMN IF NOT EXISTS match_total integer;

-- The postings that count, one row each: those of every published load that have text and are not deleted (the
-- others are recorded in core.posting_issues).
CREATE VIEW core.published_postings AS
SELECT p.*, m.published_at AS loaded_at, l.taxonomy_version_ids
FROM meta.month_loads AS m
JOIN meta.loads AS l USING (load_id)
JOIN core.postings AS p ON p.load_id = m.load_id
WHERE p.has_text
  AND p.status IS DISTINCT FROM 'deleted';

-- One row per counted posting and taxonomy version it was classified under: the layout the BI views and the checks
-- read.
CREATE VIEW core.tagged_postings AS
SELECT p.posting_id,
       v.taxonomy_id,
       v.taxonomy_version,
       p.month,
       p.company_id,
       p.company_employee_count,
       p.job_group,
       p.job_role,
       p.required_years_min,
       p.published_at,
       p.status,
       p.keyword_ids && v.ai_keyword_ids                                      AS is_ai,
       p.keyword_ids && v.data_keyword_ids                                    AS is_data,
       p.keyword_ids && (v.ai_keyword_ids || v.data_keyword_ids)              AS is_ai_or_data,
       CASE WHEN p.keyword_ids && v.keyword_ids
            THEN ARRAY(SELECT v.terms[i] FROM generate_subscripts(v.keyword_ids, 1) AS i
                       WHERE v.keyword_ids[i] = ANY(p.keyword_ids) ORDER BY i)
            ELSE '{}'
       END                                                                    AS matched_keywords,
       p.loaded_at,
       p.title,
       p.title_key,
       p.load_id
FROM core.published_postings AS p
JOIN meta.taxonomy_version_keywords AS v ON v.taxonomy_version_id = ANY(p.taxonomy_version_ids);

-- The archive keeps whole rows of replaced versions; the new layout has no per-row match count.
ALTER TABLE core.tagged_postings_archive ALTER COLUMN match_count DROP NOT NULL;
