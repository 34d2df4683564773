-- `ai-job-share import`: one row per posting id, from the file's last valid line with that id.
CREATE TEMPORARY TABLE import_latest ON COMMIT DROP AS
SELECT DISTINCT ON (id) *
FROM import_postings
ORDER BY id, line DESC;
