INSERT INTO meta.reporting_refresh (id, last_started_at) VALUES (true, clock_timestamp())
ON CONFLICT (id) DO UPDATE SET last_started_at = EXCLUDED.last_started_at
