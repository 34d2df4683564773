-- The month's text, streamed to the classifier.
COPY (
    SELECT posting_id, title, intro, main_tasks, requirements, preferred, benefits
    FROM staging.postings
    WHERE month = %(month)s
    ORDER BY posting_id
) TO STDOUT
