-- Reporting layer support (issue 4): posting titles for repost detection, and the reporting settings.
-- The statistics functions and the BI role's grants live in sql/reporting/00_functions.sql (re-applied on change).

-- The title, and its normalised form: Unicode NFKC (full-width letters and spaces become ASCII; only on a UTF8
-- database, where normalize() works), every whitespace character removed, lower case. Two postings of one company
-- whose titles differ only in spacing, case or full-width forms have the same title_key.
ALTER TABLE core.tagged_postings ADD COLUMN IF NOT EXISTS title text;

DO $$
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM information_schema.columns
        WHERE table_schema = 'core' AND table_name = 'tagged_postings' AND column_name = 'title_key'
    ) THEN
        EXECUTE format(
            'ALTER TABLE core.tagged_postings ADD COLUMN title_key text GENERATED ALWAYS AS (%s) STORED',
            CASE WHEN getdatabaseencoding() = 'UTF8'
                 THEN $expr$nullif(lower(regexp_replace(normalize(title, NFKC), '\s+', '', 'g')), '')$expr$
                 ELSE $expr$nullif(lower(regexp_replace(title, '\s+', '', 'g')), '')$expr$
            END
        );
    END IF;
END
$$;

-- Months loaded before this migration: their titles are still in staging.
UPDATE core.tagged_postings AS t
SET title = p.title
FROM staging.postings AS p
WHERE p.month = t.month
  AND p.posting_id = t.posting_id
  AND t.title IS NULL
  AND p.title IS NOT NULL;

-- Settings of the reporting views, read when they are refreshed. Change one with e.g.
--   UPDATE meta.reporting_settings SET value = '45' WHERE name = 'repost_window_days';
-- then refresh (the next DAG run, or `REFRESH MATERIALIZED VIEW reporting.monthly_ai_share`).
CREATE TABLE IF NOT EXISTS meta.reporting_settings (
    name        text PRIMARY KEY,
    value       text NOT NULL,
    description text NOT NULL,
    CONSTRAINT reporting_settings_integer_values CHECK (
        name NOT IN ('repost_window_days', 'small_sample_postings', 'breakdown_min_postings')
        OR value ~ '^[0-9]{1,6}$'
    ),
    CONSTRAINT reporting_settings_role_name CHECK (name <> 'bi_role' OR value ~ '^[a-z_][a-z0-9_]{0,62}$')
);

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
     'setting ai_job_share.bi_role, default ai_job_share_bi)')
ON CONFLICT (name) DO NOTHING;
