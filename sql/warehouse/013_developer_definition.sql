-- The developer definition as a setting: which job groups count as developer postings, read through
-- meta.developer_definition by staging.developer_postings (under every reporting view) and the month's quality check
-- (no view or check names a job group). The value: job_group values separated by commas, or * for every posting (a board
-- without job groups). Set at the first migration from the setting ai_job_share.developer_job_groups (e.g.
-- PGOPTIONS='-c ai_job_share.developer_job_groups=*'), default 개발 (Wanted's developer group); change it later with
-- UPDATE meta.reporting_settings SET value = '...' WHERE name = 'developer_job_groups', then refresh the views.
INSERT INTO meta.reporting_settings (name, value, description) VALUES
    ('developer_job_groups', coalesce(nullif(current_setting('ai_job_share.developer_job_groups', true), ''), '개발'),
     'Which job groups count as developer postings: job_group values separated by commas, or * for every posting')
ON CONFLICT (name) DO NOTHING;

ALTER TABLE meta.reporting_settings ADD CONSTRAINT reporting_settings_developer_job_groups CHECK (
    name <> 'developer_job_groups' OR btrim(value) <> ''
);

CREATE VIEW meta.developer_definition AS
SELECT coalesce(btrim(s.value) = '*', false) AS every_posting,
       coalesce(array(SELECT btrim(g) FROM unnest(string_to_array(s.value, ',')) AS g WHERE btrim(g) NOT IN ('', '*')),
                '{}') AS job_groups
FROM (SELECT (SELECT value FROM meta.reporting_settings WHERE name = 'developer_job_groups') AS value) AS s;
COMMENT ON VIEW meta.developer_definition IS
    'The developer definition (meta.reporting_settings developer_job_groups): every posting, or these job groups';
