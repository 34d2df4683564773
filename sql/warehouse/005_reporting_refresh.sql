-- When the last refresh of the reporting views started: a refresh asked for before that is already covered by it,
-- so the many runs of a backfill do not each refresh every view in turn.
CREATE TABLE IF NOT EXISTS meta.reporting_refresh (
    id              boolean     PRIMARY KEY DEFAULT true CHECK (id),
    last_started_at timestamptz NOT NULL
);
