-- The row of a pipeline lock, added the first time the lock is taken (warehouse.lock_transaction locks it).
INSERT INTO meta.locks (name) VALUES (%(name)s) ON CONFLICT (name) DO NOTHING
