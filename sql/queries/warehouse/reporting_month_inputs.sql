-- What each published month's rows of the reporting layer's per-month tables are computed from, as a digest: the
-- month's published load and when it was published, the load's taxonomy versions with their keywords, and every
-- reporting setting (a changed setting recomputes every month). meta.reporting_months keeps the digests the last
-- refresh computed from; a month whose digest differs, or that is in one and not the other, is recomputed.
SELECT
    m.month,
    md5(concat_ws(
        '|',
        m.load_id,
        extract(epoch FROM m.published_at),
        l.taxonomy_version_ids,
        (
            SELECT string_agg(
                concat_ws(':', v.taxonomy_version_id, v.taxonomy_id, v.taxonomy_version, v.ai_keyword_ids,
                          v.data_keyword_ids, v.keyword_ids, v.terms),
                ';' ORDER BY v.taxonomy_version_id
            )
            FROM meta.taxonomy_version_keywords AS v
            WHERE v.taxonomy_version_id = ANY(l.taxonomy_version_ids)
        ),
        (SELECT string_agg(s.name || '=' || s.value, ';' ORDER BY s.name) FROM meta.reporting_settings AS s)
    )) AS inputs
FROM meta.month_loads AS m
JOIN meta.loads AS l USING (load_id)
ORDER BY m.month
