"""``ai-job-share doctor``: checks a deployment's settings the way Airflow sees them, and says what to fix.

Run it where the Airflow components run (same environment, same ``AIRFLOW_HOME``): it reads Airflow's configuration
and connections as they do (``AIRFLOW__*`` variables, ``airflow.cfg``, ``AIRFLOW_CONN_*``, secrets backends, the
metadata database). ``--demo`` checks the deployment ``make demo`` sets up instead: its databases, with the
connections and settings of the project's Airflow environment (``airflow_env.airflow_environment``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg.conninfo import make_conninfo

from ai_job_share import databases
from ai_job_share.orchestration.schedule import SOURCE_CONN_ID, WAREHOUSE_CONN_ID
from ai_job_share.tools import embedded_server

#: The DAG files a deployment's DAGs folder must hold.
DAG_FILES = ("ai_job_share_monthly.py", "ai_job_share_report.py", "ai_job_share_reclassify.py")
#: The source tables the reader must be able to read.
SOURCE_TABLES = ("job_board.postings", "job_board.companies")


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str  # what was found, or what to fix


def run_checks() -> list[Check]:
    """Every check, in order; a check that cannot run (a connection missing) fails with what to fix."""
    return list(_checks())


def _checks() -> Iterator[Check]:
    from airflow.configuration import conf

    yield from _settings(conf)
    urls: dict[str, str | None] = {}
    for conn_id in (SOURCE_CONN_ID, WAREHOUSE_CONN_ID):
        check, urls[conn_id] = _connection(conn_id)
        yield check
    if urls[SOURCE_CONN_ID]:
        yield from _guarded(f"grants of {SOURCE_CONN_ID}", lambda: _source_grants(urls[SOURCE_CONN_ID]))
    if urls[WAREHOUSE_CONN_ID]:
        yield from _guarded(f"grants of {WAREHOUSE_CONN_ID}", lambda: _warehouse_grants(urls[WAREHOUSE_CONN_ID]))
        yield from _guarded("warehouse migrations", lambda: _migrations(urls[WAREHOUSE_CONN_ID]))


def _settings(conf) -> Iterator[Check]:
    use_job_schedule = conf.getboolean("scheduler", "use_job_schedule", fallback=True)
    yield Check(
        "[scheduler] use_job_schedule",
        use_job_schedule,
        "True"
        if use_job_schedule
        else "False: the scheduler creates no scheduled runs, so ai_job_share_monthly never runs on the 1st and "
        "ai_job_share_report never runs on its Asset; set AIRFLOW__SCHEDULER__USE_JOB_SCHEDULE=True",
    )
    metadata = conf.get("database", "sql_alchemy_conn", fallback="")
    on_postgres = metadata.startswith("postgresql")
    yield Check(
        "[database] sql_alchemy_conn",
        on_postgres,
        "PostgreSQL"
        if on_postgres
        else f"{metadata.split(':', 1)[0] or 'unset'}: use PostgreSQL for Airflow's metadata (SQLite locks under "
        "the backfill's parallel runs); set AIRFLOW__DATABASE__SQL_ALCHEMY_CONN=postgresql+psycopg2://...",
    )
    dags_folder = Path(conf.get("core", "dags_folder"))
    missing = [name for name in DAG_FILES if not (dags_folder / name).is_file()]
    yield Check(
        "[core] dags_folder",
        not missing,
        f"{dags_folder} holds the project's DAGs"
        if not missing
        else f"{dags_folder} lacks {', '.join(missing)}: point AIRFLOW__CORE__DAGS_FOLDER at this repository's dags/",
    )
    executor = conf.get("core", "executor")
    yield Check(
        "[core] executor",
        "SequentialExecutor" not in executor,
        executor
        if "SequentialExecutor" not in executor
        else f"{executor} runs one task at a time: use LocalExecutor or CeleryExecutor",
    )


def _connection(conn_id: str) -> tuple[Check, str | None]:
    from airflow.exceptions import AirflowNotFoundException
    from airflow.models.connection import Connection

    variable = f"AIRFLOW_CONN_{conn_id.upper()}"
    try:
        connection = Connection.get_connection_from_secrets(conn_id)
    except AirflowNotFoundException:
        return Check(
            f"connection {conn_id}",
            False,
            f"not defined: set {variable} (a postgres:// URI or JSON) or add the connection in Airflow",
        ), None
    url = make_conninfo(
        host=connection.host or "",
        port=str(connection.port or ""),
        user=connection.login or "",
        password=connection.password or "",
        dbname=connection.schema or "",
    )
    try:
        with databases.connect(url) as conn:
            user = conn.execute("SELECT current_user").fetchone()[0]
    except databases.ConfigurationError as error:
        return Check(f"connection {conn_id}", False, f"not reachable: {error}; fix {variable} or the server"), None
    return Check(f"connection {conn_id}", True, f"reachable: {databases.describe(url)} as {user}"), url


def _guarded(name: str, check: Callable[[], Iterator[Check]]) -> Iterator[Check]:
    try:
        yield from check()
    except (psycopg.Error, databases.ConfigurationError) as error:
        yield Check(name, False, f"could not be checked: {error}".strip())


def _source_grants(url: str) -> Iterator[Check]:
    with databases.connect(url) as conn:
        superuser = conn.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").fetchone()[0]
        yield Check(
            "source reader is not a superuser",
            not superuser,
            "ok" if not superuser else "the source connection logs in as a superuser: use a role with SELECT only",
        )
        for table in SOURCE_TABLES:
            exists = conn.execute("SELECT to_regclass(%s) IS NOT NULL", (table,)).fetchone()[0]
            if not exists:
                yield Check(f"source reads {table}", False, f"{table} does not exist in the source database")
                continue
            can_read, can_write = conn.execute(
                "SELECT has_table_privilege(%s, 'SELECT'), has_table_privilege(%s, 'INSERT, UPDATE, DELETE')",
                (table, table),
            ).fetchone()
            yield Check(
                f"source reads {table}",
                can_read and not can_write,
                "SELECT only"
                if can_read and not can_write
                else ("no SELECT: GRANT SELECT ON " + table + " TO the reader" if not can_read else "")
                + ("it may also write: REVOKE INSERT, UPDATE, DELETE from the reader" if can_write else ""),
            )


def _warehouse_grants(url: str) -> Iterator[Check]:
    with databases.connect(url) as conn:
        can_create = conn.execute("SELECT has_database_privilege(current_database(), 'CREATE')").fetchone()[0]
        yield Check(
            "warehouse role may run the migrations",
            can_create,
            "CREATE on the database" if can_create else "no CREATE on the warehouse database: make it the owner",
        )
        if not conn.execute("SELECT to_regclass('meta.reporting_settings') IS NOT NULL").fetchone()[0]:
            yield Check("BI role reads reporting", False, "the warehouse is not migrated: run `ai-job-share migrate`")
            return
        # The role meta.grant_reporting_access() grants reporting to (sql/reporting/00_functions.sql).
        bi_role = conn.execute(
            "SELECT coalesce((SELECT value FROM meta.reporting_settings WHERE name = 'bi_role'), 'ai_job_share_bi')"
        ).fetchone()[0]
        exists = conn.execute("SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = %s)", (bi_role,)).fetchone()[0]
        schema = conn.execute("SELECT to_regnamespace('reporting') IS NOT NULL").fetchone()[0]
        reads = exists and schema and conn.execute("SELECT has_schema_privilege(%s, 'reporting', 'USAGE')", (bi_role,))
        reads = bool(reads and reads.fetchone()[0])
        yield Check(
            "BI role reads reporting",
            reads,
            f"{bi_role} has USAGE on schema reporting"
            if reads
            else f"{bi_role} cannot read schema reporting: run `ai-job-share migrate` (it grants it) or the setup",
        )


def _migrations(url: str) -> Iterator[Check]:
    from ai_job_share.warehouse.migrations import pending

    with databases.connect(url) as conn:
        waiting = pending(conn)
    yield Check(
        "warehouse migrations",
        not waiting,
        "current"
        if not waiting
        else f"{len(waiting)} not applied ({', '.join(waiting[:3])}{', …' if len(waiting) > 3 else ''}): "
        "run `ai-job-share migrate` (the monthly DAG also applies them at the start of a run)",
    )


def use_demo_environment() -> str:
    """Point this process at the deployment ``make demo`` sets up (before Airflow is imported); returns where."""
    from ai_job_share.orchestration.airflow_env import airflow_environment

    server_url = os.environ.get(databases.DATABASE_URL_ENV)
    if not server_url:
        if not (embedded_server.EMBEDDED_PGDATA / "PG_VERSION").is_file():
            raise databases.ConfigurationError("the demo has not run here yet: run `make demo` first")
        server_url = embedded_server.start_embedded_server(embedded_server.EMBEDDED_PGDATA)
    dbs = databases.databases_on(server_url)
    os.environ.update(airflow_environment(dbs, databases.DEMO_DIR / "airflow"))
    return databases.describe(server_url)


def format_checks(checks: list[Check]) -> str:
    lines = [f"  {'ok  ' if check.ok else 'FAIL'}  {check.name}: {check.detail}" for check in checks]
    failed = sum(not check.ok for check in checks)
    lines.append(
        f"{len(checks) - failed} of {len(checks)} checks passed" + (f"; fix the {failed} marked FAIL" if failed else "")
    )
    return "\n".join(lines)
