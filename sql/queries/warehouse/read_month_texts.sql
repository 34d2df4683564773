-- The month's text (or one chunk of it: posting ids in [first_id, end_id), NULL meaning unbounded), streamed to
-- the classifier.
COPY (
    SELECT posting_id, title, intro, main_tasks, requirements, preferred, benefits
    FROM staging.postings
    WHERE month = %(month)s
      AND (%(first_id)s::bigint IS NULL OR posting_id >= %(first_id)s::bigint)
      AND (%(end_id)s::bigint IS NULL OR posting_id < %(end_id)s::bigint)
    ORDER BY posting_id
) TO STDOUT
