-- The posting layout (ai_job_share.layout) gains a first-class free-text section, body, after benefits: layout
-- version 2. Each stored text block records the layout its rows were written under, so re-tagging an old load
-- reads it with its own layout (older rows are upgraded on reading; rows of an unknown, newer layout are refused).
ALTER TABLE core.posting_texts ADD COLUMN layout_version smallint NOT NULL DEFAULT 1;
ALTER TABLE core.posting_texts ALTER COLUMN layout_version DROP DEFAULT;
COMMENT ON COLUMN core.posting_texts.layout_version IS
    'Version of the posting layout (ai_job_share.layout.VERSION) the rows of this block were written under';
