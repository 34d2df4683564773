-- Functions of the reporting layer: proportion statistics (used by the views, and free for BI tools to call) and
-- the BI role's grants. Applied before the views; re-applied whenever this file changes.
-- plugins/ai_job_share/stats.py implements the same formulas; the tests check the two agree.
-- Changing a function's arguments or result type needs DROP FUNCTION ... CASCADE and re-creating the views:
-- do it in a new sql/warehouse/NNN_*.sql migration (that re-applies every file of sql/reporting/).

-- Wilson score interval of the share successes / trials (z = 1.96 by default: 95%); NULL when trials = 0; exactly 0
-- (low) for no successes and 1 (high) for all.
CREATE OR REPLACE FUNCTION reporting.wilson_low(
    successes bigint, trials bigint, z double precision DEFAULT 1.959963984540054
) RETURNS double precision
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
    SELECT CASE WHEN trials > 0 AND successes = 0 THEN 0.0 WHEN trials > 0 THEN greatest(0.0,
        (successes::float8 / trials + z * z / (2.0 * trials)
         - z * sqrt(greatest(0.0, successes::float8 / trials * (1 - successes::float8 / trials) / trials
                                  + z * z / (4.0 * trials * trials))))
        / (1 + z * z / trials))
    END
$$;

CREATE OR REPLACE FUNCTION reporting.wilson_high(
    successes bigint, trials bigint, z double precision DEFAULT 1.959963984540054
) RETURNS double precision
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
    SELECT CASE WHEN trials > 0 AND successes = trials THEN 1.0 WHEN trials > 0 THEN least(1.0,
        (successes::float8 / trials + z * z / (2.0 * trials)
         + z * sqrt(greatest(0.0, successes::float8 / trials * (1 - successes::float8 / trials) / trials
                                  + z * z / (4.0 * trials * trials))))
        / (1 + z * z / trials))
    END
$$;

-- The complementary error function erfc(x) = 1 - erf(x) (PostgreSQL has none built in), to double precision:
--   |x| < 1.5: erf(x) = 2/sqrt(pi) * exp(-x^2) * sum_n x (2x^2)^n / (1*3*...*(2n+1)), a series of positive terms;
--   |x| >= 1.5: erfc(x) = exp(-x^2)/sqrt(pi) / (x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...))))), the continued
--   fraction evaluated bottom-up from a fixed depth;
--   erfc(-x) = 2 - erfc(x); erfc(x) = 0 beyond x = 26.5 (about the smallest normal double).
-- Relative error below 1e-13 on [-6, 26.5] (tests/integration/test_reporting.py compares it with math.erfc).
CREATE OR REPLACE FUNCTION reporting.erfc(x double precision) RETURNS double precision
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
AS $$
DECLARE
    ax    double precision := abs(x);
    term  double precision;
    total double precision;
    frac  double precision;
    n     integer;
    result double precision;
BEGIN
    IF x = 'NaN'::float8 THEN
        RETURN x;
    ELSIF ax > 26.5 THEN
        result := 0.0;
    ELSIF ax < 1.5 THEN
        term := ax;
        total := ax;
        n := 0;
        LOOP
            n := n + 1;
            term := term * 2.0::float8 * ax * ax / (2 * n + 1);
            total := total + term;
            EXIT WHEN term <= total * 1e-17 OR n > 200;
        END LOOP;
        result := 1.0 - 2.0 / sqrt(pi()) * exp(-ax * ax) * total;
    ELSE
        frac := ax;
        FOR k IN REVERSE 200..1 LOOP
            frac := ax + (k * 0.5::float8) / frac;
        END LOOP;
        result := exp(-ax * ax) / sqrt(pi()) / frac;
    END IF;
    RETURN CASE WHEN x < 0 THEN 2.0 - result ELSE result END;
END
$$;

-- Standard normal cumulative distribution function.
CREATE OR REPLACE FUNCTION reporting.normal_cdf(x double precision) RETURNS double precision
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT 0.5 * reporting.erfc(-x / sqrt(2.0)) $$;

-- Two-sided p-value of a standard normal statistic: P(|Z| >= |z|).
CREATE OR REPLACE FUNCTION reporting.two_sided_p_value(z double precision) RETURNS double precision
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT reporting.erfc(abs(z) / sqrt(2.0)) $$;

-- Two-proportion z statistic (pooled standard error) of x2/n2 - x1/n1; NULL when a side has no trials or the
-- pooled share is 0 or 1.
CREATE OR REPLACE FUNCTION reporting.two_proportion_z(x1 bigint, n1 bigint, x2 bigint, n2 bigint)
RETURNS double precision
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
    SELECT CASE WHEN n1 > 0 AND n2 > 0 AND x1 + x2 > 0 AND x1 + x2 < n1 + n2 THEN
        (x2::float8 / n2 - x1::float8 / n1)
        / sqrt((x1 + x2)::float8 / (n1 + n2) * (1 - (x1 + x2)::float8 / (n1 + n2)) * (1.0 / n1 + 1.0 / n2))
    END
$$;

-- Standard error of x2/n2 - x1/n1 without pooling (for the interval of the difference); NULL when a side is empty.
CREATE OR REPLACE FUNCTION reporting.difference_se(x1 bigint, n1 bigint, x2 bigint, n2 bigint)
RETURNS double precision
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
    SELECT CASE WHEN n1 > 0 AND n2 > 0 THEN
        sqrt(x1::float8 / n1 * (1 - x1::float8 / n1) / n1 + x2::float8 / n2 * (1 - x2::float8 / n2) / n2)
    END
$$;

COMMENT ON FUNCTION reporting.wilson_low(bigint, bigint, double precision) IS
    'Lower bound of the Wilson score interval of successes/trials (z 1.96: 95%); NULL when trials = 0';
COMMENT ON FUNCTION reporting.wilson_high(bigint, bigint, double precision) IS
    'Upper bound of the Wilson score interval of successes/trials (z 1.96: 95%); NULL when trials = 0';
COMMENT ON FUNCTION reporting.erfc(double precision) IS 'Complementary error function, double precision';
COMMENT ON FUNCTION reporting.normal_cdf(double precision) IS 'Standard normal cumulative distribution function';
COMMENT ON FUNCTION reporting.two_sided_p_value(double precision) IS 'P(|Z| >= |z|) for a standard normal Z';
COMMENT ON FUNCTION reporting.two_proportion_z(bigint, bigint, bigint, bigint) IS
    'Two-proportion z statistic of x2/n2 - x1/n1 with the pooled standard error';
COMMENT ON FUNCTION reporting.difference_se(bigint, bigint, bigint, bigint) IS
    'Unpooled standard error of x2/n2 - x1/n1 (Wald interval of the difference)';

-- What each per-month table's file does once it has created the table and its function <table>_of(months date[])
-- (ai_job_share.reporting.layers): index the table on month, which the refresh deletes and inserts by, and fill it
-- with every month's rows, as the full refresh does. The index is named <table>_month.
CREATE OR REPLACE FUNCTION meta.index_and_fill_per_month_table(per_month_table regclass) RETURNS void
LANGUAGE plpgsql
AS $$
DECLARE
    schema_name text;
    table_name text;
BEGIN
    SELECT n.nspname, c.relname INTO schema_name, table_name
    FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace
    WHERE c.oid = per_month_table;
    EXECUTE format('CREATE INDEX %I ON %I.%I (month)', table_name || '_month', schema_name, table_name);
    EXECUTE format('INSERT INTO %I.%I SELECT * FROM %I.%I(NULL)', schema_name, table_name, schema_name,
                   table_name || '_of');
END
$$;

COMMENT ON FUNCTION meta.index_and_fill_per_month_table(regclass) IS
    'Index a per-month table of the reporting layer on month and fill it with every month (from its <table>_of)';

-- Read-only access for BI tools: the role named by meta.reporting_settings 'bi_role' (default ai_job_share_bi)
-- gets USAGE on schema reporting and SELECT on everything in it, now and (default privileges) in future. It is
-- created when missing, as LOGIN without a password: it cannot log in with password authentication until the
-- operator runs ALTER ROLE ai_job_share_bi PASSWORD '...'. Role names are global to the server, so the
-- warehouses of one server share it. Called again by every view file after it re-creates its views.
CREATE OR REPLACE FUNCTION meta.grant_reporting_access() RETURNS text
LANGUAGE plpgsql
AS $$
DECLARE
    bi_role text := coalesce((SELECT value FROM meta.reporting_settings WHERE name = 'bi_role'), 'ai_job_share_bi');
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = bi_role) THEN
        BEGIN
            EXECUTE format('CREATE ROLE %I LOGIN', bi_role);
        EXCEPTION
            WHEN duplicate_object OR unique_violation THEN
                NULL;  -- another database's migration created it at the same moment
            WHEN insufficient_privilege THEN
                RAISE EXCEPTION 'the BI role % does not exist and % may not create roles', bi_role, current_user
                    USING HINT = format('create it once as a superuser: CREATE ROLE %I LOGIN; then migrate again',
                                        bi_role);
        END;
    END IF;
    EXECUTE format('GRANT USAGE ON SCHEMA reporting TO %I', bi_role);
    EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA reporting TO %I', bi_role);
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA reporting GRANT SELECT ON TABLES TO %I', bi_role);
    RETURN bi_role;
END
$$;

COMMENT ON FUNCTION meta.grant_reporting_access() IS
    'Create the BI role if missing and give it read-only access to schema reporting (see meta.reporting_settings)';

SELECT meta.grant_reporting_access();
