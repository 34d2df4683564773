-- A status outside open / closed / deleted, or NULL (a board without the source contract's CHECK), is not a live
-- posting: core.published_postings counts only open and closed postings (it excluded only 'deleted', so 'DELETED',
-- 'archived' or NULL counted as open), and the load records the others as 'unknown_status' issues with their
-- value (record_load_issues.sql). The view is rebuilt from its own definition so that its columns stay as they are.
DO $$
DECLARE
    definition text := pg_get_viewdef('core.published_postings'::regclass);
    rebuilt    text;
BEGIN
    rebuilt := regexp_replace(definition, $re$p\.status IS DISTINCT FROM 'deleted'::text$re$,
                              $to$p.status = ANY (ARRAY['open'::text, 'closed'::text])$to$);
    IF rebuilt = definition THEN
        RAISE EXCEPTION 'core.published_postings does not read as expected: %', definition;
    END IF;
    EXECUTE 'CREATE OR REPLACE VIEW core.published_postings AS ' || rebuilt;
END
$$;
