-- Who holds the migration lock (meta.schema_migrations, or the advisory lock of the first migrations): user,
-- application and pid, for the message of a migration that timed out waiting.
SELECT DISTINCT a.usename, a.application_name, a.pid
FROM pg_catalog.pg_locks AS l
JOIN pg_catalog.pg_stat_activity AS a ON a.pid = l.pid
WHERE l.granted
  AND a.pid <> pg_backend_pid()
  AND ((l.locktype = 'relation' AND l.relation = to_regclass('meta.schema_migrations'))
       OR (l.locktype = 'advisory' AND l.objsubid = 1
           AND ((l.classid::bigint << 32) | l.objid::bigint) = hashtext(%(key)s)::bigint))
ORDER BY a.pid
