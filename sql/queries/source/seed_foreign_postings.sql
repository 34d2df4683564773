-- `ai-job-share seed`: postings the generator did not write (imported, or a real board's): seeding would delete
-- them, so it is refused unless told to replace them.
SELECT count(*)
FROM job_board.postings AS p
WHERE NOT EXISTS (SELECT 1 FROM generator.truth AS t WHERE t.posting_id = p.id)
