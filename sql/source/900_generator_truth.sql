-- Ground truth of the synthetic job board, written by ai_job_share.tools.seed next to job_board.*.
-- Not part of the source contract: the pipeline never reads this schema; tests compare its results against it.
CREATE SCHEMA IF NOT EXISTS generator;

CREATE TABLE IF NOT EXISTS generator.truth (
    posting_id bigint  PRIMARY KEY,  -- job_board.postings.id
    is_ai      boolean NOT NULL,     -- the article rule finds AI / 머신러닝 / 딥러닝 in the title or a section
    is_data    boolean NOT NULL      -- the article rule finds 데이터 in the title or a section
);

-- What else the text holds, for the taxonomies that read more than the article's rule (ai_job_share.tools.seed.generator):
-- 'english_ai' (AI work in English with none of the article's keywords: extended counts it, the article does not),
-- 'genai' (generative-AI work, rising after 2022-11), 'trap' (HTML, XML, OCaml, ReasonML, EMAIL ...: AI to no taxonomy).
ALTER TABLE generator.truth ADD COLUMN IF NOT EXISTS traits text[] NOT NULL DEFAULT '{}';
