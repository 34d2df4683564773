-- The months noted as changed in place since the last refresh, and the notes deleted (those written after this
-- refresh's snapshot are not seen, so they stay for the next one).
DELETE FROM meta.reporting_stale_months RETURNING month
