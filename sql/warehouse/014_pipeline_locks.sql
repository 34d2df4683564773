-- The pipeline's locks (a month being published, the refresh of the BI views) are row locks on this table, which
-- only its owner, the ETL role, may read or lock. Advisory locks served before: any role that can connect (the BI
-- role) could take them and hold a publish or a refresh waiting without end.
CREATE TABLE meta.locks (
    name text PRIMARY KEY  -- 'month 2022-03', 'refresh_reporting'; a row is added the first time it is locked
);
REVOKE ALL ON meta.locks FROM PUBLIC;
