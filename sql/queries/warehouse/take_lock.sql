-- Take a pipeline lock until the transaction ends: {mode} is FOR UPDATE (exclusive) or FOR SHARE (shared).
SELECT name FROM meta.locks WHERE name = %(name)s {mode}
