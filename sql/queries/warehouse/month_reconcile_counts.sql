-- The reconciliation's view of one month in the warehouse: the postings its published load holds (each source id
-- once), and the source rows it recorded instead of loading them: ids several rows share (the latest row is
-- loaded), rows without an id, ids a posting of an earlier month carries (not loaded). Parameter: month (first
-- day).
SELECT (SELECT count(*)
        FROM core.postings AS p
        JOIN meta.month_loads AS m ON m.load_id = p.load_id
        WHERE m.month = %(month)s)                                                      AS loaded,
       (SELECT count(DISTINCT posting_id)
        FROM core.posting_issues
        WHERE month = %(month)s AND stage = 'extract' AND reason = 'duplicate_id')     AS repeated_ids,
       (SELECT coalesce(sum(postings), 0)
        FROM core.posting_issues
        WHERE month = %(month)s AND stage = 'extract' AND reason = 'no_id')            AS rows_without_id,
       (SELECT count(DISTINCT posting_id)
        FROM core.posting_issues
        WHERE month = %(month)s AND stage = 'extract' AND reason = 'id_reused'
          AND action = 'excluded')                                                      AS reused_ids
