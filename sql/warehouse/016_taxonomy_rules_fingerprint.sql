-- Published figures change only under a new taxonomy version: each registered version keeps the digest of the
-- rules it was registered with (ai_job_share.taxonomy.Taxonomy.rules_fingerprint), and a run whose rules differ
-- under the same version is refused before it writes anything. Versions registered before this migration take
-- the digest of the next run that uses them.
ALTER TABLE meta.taxonomy_versions ADD COLUMN rules_fingerprint text;
