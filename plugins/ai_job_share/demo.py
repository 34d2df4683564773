"""``make demo``: the 2022-01..2023-05 backfill end to end, through a real Airflow scheduler.

1. a PostgreSQL server: the one ``AI_JOB_SHARE_DATABASE_URL`` names, else an embedded one in ``.demo/pgdata``;
2. the source database seeded with synthetic postings, the warehouse migrated;
3. ``airflow standalone`` started in its own process group (scheduler, DAG processor, API server, triggerer);
4. ``airflow backfill create`` for the 17 months, with progress printed until every run has finished;
5. Airflow stopped (SIGINT), the monthly table printed from the warehouse view.
Running it again reprocesses the same months (``--reprocess-behavior completed``) and gives the same table.
"""

from __future__ import annotations

import os
import shlex
import signal
import time
from pathlib import Path

from ai_job_share import airflow_runner, databases
from ai_job_share.airflow_env import airflow_environment
from ai_job_share.databases import DEMO_DIR, EMBEDDED_PGDATA
from ai_job_share.migrations import migrate
from ai_job_share.months import month_range
from ai_job_share.reporting import (
    format_monthly_table,
    format_taxonomy_comparison,
    read_monthly_share,
    read_taxonomy_comparison,
)
from ai_job_share.sql_files import read_sql
from ai_job_share.taxonomy import DEFAULT_TAXONOMY

DAG_ID = "ai_job_share_monthly"
FIRST_MONTH, LAST_MONTH = "2022-01", "2023-05"
BACKFILL_TIMEOUT_S = 45 * 60
STARTUP_TIMEOUT_S = 5 * 60


class DemoError(RuntimeError):
    pass


def run_demo() -> int:
    started = time.monotonic()

    def step(message: str) -> None:
        print(f"[{time.monotonic() - started:6.1f}s] {message}", flush=True)

    server_url = os.environ.get(databases.DATABASE_URL_ENV)
    if server_url:
        step(f"using the PostgreSQL server from {databases.DATABASE_URL_ENV}: {databases.describe(server_url)}")
    else:
        server_url = databases.start_embedded_server(EMBEDDED_PGDATA)
        step(f"{databases.DATABASE_URL_ENV} is not set: started the embedded PostgreSQL in {EMBEDDED_PGDATA}")
    dbs = databases.databases_on(server_url)
    databases.create_databases(dbs)

    from ai_job_share.seed import seed_source

    step("seeding the source database with synthetic postings 2022-01..2023-05")
    with databases.connect(dbs.source_url, autocommit=False) as conn:
        seed_source(conn, first_month=FIRST_MONTH, last_month=LAST_MONTH, progress=lambda line: step("  " + line))
    with databases.connect(dbs.warehouse_url) as conn:
        applied = migrate(conn)
    step(f"warehouse schema ready ({len(applied)} migration files applied)")

    env = {**os.environ, **airflow_environment(dbs, DEMO_DIR / "airflow", api_port=airflow_runner.free_port())}
    # standalone starts its components as `airflow ...` from PATH: make that this environment's airflow.
    env["PATH"] = os.pathsep.join([str(Path(airflow_runner.airflow_executable()).parent), env.get("PATH", "")])
    log_path = DEMO_DIR / "airflow-standalone.log"
    step(f"starting Airflow (scheduler, DAG processor, API server); its log: {log_path}")
    # SIGINT lets standalone stop its components; what is left of its process group is ended after 60 s.
    standalone = airflow_runner.start("airflow standalone", ["standalone"], env, log_path, stop_signal=signal.SIGINT)
    try:
        with databases.connect(dbs.airflow_url) as meta:
            airflow_runner.wait_until_ready(
                meta, DAG_ID, airflow_runner.api_url(env), [standalone], step, timeout=STARTUP_TIMEOUT_S
            )
            airflow_runner.run_airflow(env, "dags", "unpause", DAG_ID)
            months = month_range(FIRST_MONTH, LAST_MONTH)
            step(f"airflow backfill create: {len(months)} monthly runs, {FIRST_MONTH}..{LAST_MONTH} (Korea time)")
            airflow_runner.run_airflow(
                env,
                "backfill",
                "create",
                "--dag-id",
                DAG_ID,
                "--from-date",
                months[0].start.isoformat(),
                "--to-date",
                months[-1].start.isoformat(),
                "--max-active-runs",
                str(len(months)),
                "--reprocess-behavior",
                "completed",
            )
            (backfill_id,) = meta.execute(
                read_sql("queries/airflow/latest_backfill.sql"), {"dag_id": DAG_ID}
            ).fetchone()
            runs = airflow_runner.watch_backfill(
                meta, backfill_id, len(months), step, timeout=BACKFILL_TIMEOUT_S, processes=[standalone]
            )
            step("stopping Airflow")
    finally:
        airflow_runner.stop([standalone], timeout=60)
    if runs.get("success", 0) != len(months):
        raise DemoError(f"the backfill did not succeed: runs by state {runs}; see {log_path}")

    with databases.connect(dbs.warehouse_url) as conn:
        rows = read_monthly_share(conn, DEFAULT_TAXONOMY)
    print()
    print(f"Monthly AI share of developer postings (taxonomy {DEFAULT_TAXONOMY}, view reporting.monthly_ai_share):")
    print(format_monthly_table(rows))
    print()
    with databases.connect(dbs.warehouse_url) as conn:
        comparison = read_taxonomy_comparison(conn)
    print("The same months under every taxonomy (AI share; view reporting.taxonomy_comparison):")
    print(format_taxonomy_comparison(comparison))
    print()
    from ai_job_share.report_outputs import write_reports

    with databases.connect(dbs.warehouse_url) as conn:
        reports = write_reports(conn)
    print(f"Reports (PNG chart, HTML page, CSV exports of the reporting views) in {reports.directory}:")
    print(f"  open {reports.html}")
    print()
    _print_how_to_query(dbs, embedded=not os.environ.get(databases.DATABASE_URL_ENV))
    step("done; nothing is left running")
    return 0 if len(rows) == len(months) else 1


def _print_how_to_query(dbs: databases.Databases, *, embedded: bool) -> None:
    print("Query it yourself:")
    if embedded:
        print("  the embedded PostgreSQL stops with the demo; keep it running for psql or a BI tool with")
        print("    .venv/bin/ai-job-share serve")
    print(f"  psql {shlex.quote(dbs.warehouse_url)} -c 'SELECT * FROM reporting.monthly_ai_share ORDER BY month'")
    print("  .venv/bin/ai-job-share report")
    print("  .venv/bin/ai-job-share explain POSTING_ID     # why a posting was tagged, under each taxonomy")
