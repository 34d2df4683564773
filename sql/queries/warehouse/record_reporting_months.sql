-- After a refresh: the digests its per-month tables were computed from (reporting_month_inputs.sql), one per
-- published month; months no longer published are forgotten.
WITH refreshed (month, inputs) AS (
    SELECT * FROM unnest(%(months)s::date[], %(inputs)s::text[])
),
forgotten AS (
    DELETE FROM meta.reporting_months WHERE month NOT IN (SELECT month FROM refreshed)
)
INSERT INTO meta.reporting_months (month, inputs)
SELECT month, inputs FROM refreshed
ON CONFLICT (month) DO UPDATE SET inputs = EXCLUDED.inputs
