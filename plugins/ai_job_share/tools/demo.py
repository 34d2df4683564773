"""``make demo``: the 2022-01..2023-05 backfill end to end, through a real Airflow scheduler.

1. a PostgreSQL server: the one ``AI_JOB_SHARE_DATABASE_URL`` names, else an embedded one in ``.demo/pgdata``;
2. at the same time: the source database seeded with synthetic postings and the warehouse migrated (a thread),
   and Airflow started: ``airflow db migrate``, then only what a backfill needs (scheduler, DAG processor, API
   server), each in its own process group;
3. a backfill of the 17 months through the REST API, one progress line until every run has finished;
4. Airflow stopped (each process group: SIGINT, then SIGTERM and SIGKILL after a grace), the monthly table printed
   from the warehouse view, then the trend break at the break month (the interrupted time series,
   ``reporting.chatgpt_trend_break``) under every registered taxonomy, and how long each phase took.
Running it again reprocesses the same months (``reprocess_behavior completed``) and gives the same table; a
backfill the scheduler had not marked complete yet when the last demo stopped is cancelled first.
"""

from __future__ import annotations

import json
import os
import secrets
import shlex
import signal
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ai_job_share import databases
from ai_job_share.databases import DEMO_DIR
from ai_job_share.months import month_range
from ai_job_share.orchestration.airflow_env import airflow_environment
from ai_job_share.reporting.queries import (
    format_monthly_table,
    format_taxonomy_comparison,
    read_monthly_share,
    read_taxonomy_comparison,
)
from ai_job_share.reporting.trend_break_tables import format_trend_breaks, read_break_setting, read_trend_breaks
from ai_job_share.taxonomy import DEFAULT_TAXONOMY
from ai_job_share.tools import airflow_runner, embedded_server
from ai_job_share.tools.embedded_server import EMBEDDED_PGDATA
from ai_job_share.tools.progress import BackfillProgress, Phases
from ai_job_share.warehouse.migrations import migrate

DAG_ID = "ai_job_share_monthly"
FIRST_MONTH, LAST_MONTH = "2022-01", "2023-05"
BACKFILL_TIMEOUT_S = 45 * 60
STARTUP_TIMEOUT_S = 5 * 60
#: What a backfill needs: the scheduler runs the tasks (LocalExecutor), the DAG processor parses dags/, the API
#: server takes the backfill and serves the task execution API. No triggerer: no task defers.
COMPONENTS = ("scheduler", "dag-processor", "api-server")
#: The LocalExecutor whose task processes inherit the DAG files' imports (orchestration/preloading_executor.py).
PRELOADING_EXECUTOR = "ai_job_share.orchestration.preloading_executor.PreloadingLocalExecutor"
#: Where the demo writes how long each phase took (read by ``make bench-demo``).
PHASES_FILE = DEMO_DIR / "phases.json"


class DemoError(RuntimeError):
    pass


class _SeedingStopped(Exception):
    """Raised inside the seeding thread at its next step once the demo is stopping (Ctrl-C, a failed start)."""


def demo_airflow_environment(dbs: databases.Databases, home: Path = DEMO_DIR / "airflow") -> dict[str, str]:
    """The demo's Airflow: this project's settings, a free API port, one secret shared by every component."""
    env = {**os.environ, **airflow_environment(dbs, home, api_port=airflow_runner.free_port())}
    # This Airflow only runs the demo's backfill: no scheduled run of the current month, no report DAG run on the
    # Asset (the demo writes the reports itself). A deployment needs the job schedule (`ai-job-share doctor`).
    env["AIRFLOW__SCHEDULER__USE_JOB_SCHEDULE"] = "False"
    # The LocalExecutor, with the DAG files' modules imported once before its workers fork the task processes.
    env["AIRFLOW__CORE__EXECUTOR"] = PRELOADING_EXECUTOR
    env["AIRFLOW__API_AUTH__JWT_SECRET"] = secrets.token_urlsafe(32)
    env["AIRFLOW__API__SECRET_KEY"] = secrets.token_urlsafe(32)
    # Each component starts its subprocesses as `airflow ...` from PATH: make that this environment's airflow.
    env["PATH"] = os.pathsep.join([str(Path(airflow_runner.airflow_executable()).parent), env.get("PATH", "")])
    return env


def start_airflow(
    env: dict[str, str],
    log_dir: Path,
    step,
    *,
    started: list[airflow_runner.AirflowProcess],
    components: tuple[str, ...] = COMPONENTS,
) -> list[airflow_runner.AirflowProcess]:
    """``airflow db migrate``, then ``components``, each in its own process group with its log in ``log_dir``;
    every process started is appended to ``started`` at once (for the caller to stop, whatever happens)."""
    migrating = airflow_runner.start("airflow db migrate", ["db", "migrate"], env, log_dir / "db-migrate.log")
    started.append(migrating)
    if migrating.process.wait(timeout=STARTUP_TIMEOUT_S) != 0:
        raise DemoError(f"airflow db migrate failed:\n{airflow_runner.tail(migrating.log_path)}")
    step("Airflow's metadata database is migrated; starting " + ", ".join(components))
    processes = []
    for name in components:
        component = airflow_runner.start(
            f"airflow {name}", [name], env, log_dir / f"{name}.log", stop_signal=signal.SIGINT
        )
        started.append(component)
        processes.append(component)
    return processes


def _stop_on_sigterm(signum: int, _frame) -> None:
    raise KeyboardInterrupt(f"stopped by signal {signum}")


def run_demo() -> int:
    # SIGTERM (kill, a CI job's timeout) ends the demo as Ctrl-C does, through its cleanup: Airflow's components
    # and the embedded PostgreSQL stop instead of being left running.
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    phases = Phases()

    def step(message: str) -> None:
        print(f"[{phases.total():6.1f}s] {message}", flush=True)

    with phases.phase("database server"):
        server_url = os.environ.get(databases.DATABASE_URL_ENV)
        if server_url:
            step(f"using the PostgreSQL server from {databases.DATABASE_URL_ENV}: {databases.describe(server_url)}")
        else:
            server_url = embedded_server.start_embedded_server(EMBEDDED_PGDATA)
            step(f"{databases.DATABASE_URL_ENV} is not set: started the embedded PostgreSQL in {EMBEDDED_PGDATA}")
        dbs = databases.databases_on(server_url)
        databases.create_databases(dbs)

    log_dir = DEMO_DIR / "logs"
    env = demo_airflow_environment(dbs)
    months = month_range(FIRST_MONTH, LAST_MONTH)
    processes: list[airflow_runner.AirflowProcess] = []
    try:
        # Seeding and Airflow's start touch different databases: run them side by side. When the start fails or
        # is interrupted (Ctrl-C), the seed stops at its next step (its transaction rolls back) instead of being
        # waited for.
        stop_seeding = threading.Event()
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="demo-seed")
        try:
            step(f"seeding the source (2022-01..2023-05) while Airflow starts; Airflow's logs: {log_dir}")
            seeded = pool.submit(_seed_and_migrate, dbs, phases, step, stop_seeding)
            with phases.phase("Airflow start"):
                components = start_airflow(env, log_dir, step, started=processes)
                with databases.connect(dbs.airflow_url) as meta:
                    airflow_runner.wait_until_ready(
                        meta, DAG_ID, airflow_runner.api_url(env), components, step, timeout=STARTUP_TIMEOUT_S
                    )
            seeded.result()
        finally:
            stop_seeding.set()
            pool.shutdown(wait=True)
        with phases.phase("backfill"), databases.connect(dbs.airflow_url) as meta:
            api_url = airflow_runner.api_url(env)
            cancelled = airflow_runner.cancel_unfinished_backfills(api_url, DAG_ID)
            if cancelled:
                step(f"cancelled the earlier backfill(s) {cancelled}, not marked complete when Airflow last stopped")
            backfill_id = airflow_runner.create_backfill(
                api_url,
                DAG_ID,
                months[0].start.isoformat(),
                months[-1].start.isoformat(),
                max_active_runs=len(months),
            )
            step(f"backfill {backfill_id}: {len(months)} monthly runs, {FIRST_MONTH}..{LAST_MONTH} (Korea time)")
            with BackfillProgress(len(months)) as progress:
                runs = airflow_runner.watch_backfill(
                    meta,
                    backfill_id,
                    len(months),
                    step,
                    timeout=BACKFILL_TIMEOUT_S,
                    processes=components,
                    progress=progress,
                )
        # Airflow stops while the report is written: the report reads only the warehouse.
        step("stopping Airflow while the report is written")
        stopping = phases.begin("Airflow stop")
        requested = airflow_runner.request_stop(processes)
    except BaseException:
        with phases.phase("Airflow stop"):
            step("stopping Airflow")
            airflow_runner.stop(processes, timeout=5, grace=5)
        raise
    try:
        if runs.get("success", 0) != len(months):
            raise DemoError(f"the backfill did not succeed: runs by state {runs}; see the task logs under {log_dir}")
        with phases.phase("report"):
            rows = _report(dbs)
    finally:
        airflow_runner.stop(processes, timeout=5, grace=5, requested=requested)
        phases.end(stopping)
    print()
    print("Where the time went (seeding ran while Airflow started, and Airflow stopped while the report was written):")
    print(phases.summary())
    PHASES_FILE.write_text(json.dumps({**phases.durations, "total": phases.total()}, indent=2) + "\n")
    step("done; nothing is left running")
    return 0 if len(rows) == len(months) else 1


def _report(dbs: databases.Databases) -> list:
    """Print the monthly table, the trend break and the taxonomy comparison, write the report files; returns the
    monthly table's rows."""
    with databases.connect(dbs.warehouse_url) as conn:
        rows = read_monthly_share(conn, DEFAULT_TAXONOMY)
        comparison = read_taxonomy_comparison(conn)
        setting = read_break_setting(conn)
        trend_breaks = read_trend_breaks(conn)  # every registered taxonomy: none is named here
    print()
    print(f"Monthly AI share of developer postings (taxonomy {DEFAULT_TAXONOMY}, view reporting.monthly_ai_share):")
    print(format_monthly_table(rows))
    print()
    print(
        f"Did the share change at {setting.month:%Y-%m} ({setting.event})? Interrupted time series, table"
        " reporting.chatgpt_trend_break (segmented regression, Newey-West errors; placebo rank 1 = no other"
        " month shows a clearer change):"
    )
    print(format_trend_breaks(trend_breaks))
    print()
    print("The same months under every taxonomy (AI share; view reporting.taxonomy_comparison):")
    print(format_taxonomy_comparison(comparison))
    print()
    from ai_job_share.reporting.outputs import write_reports

    with databases.connect(dbs.warehouse_url) as conn:
        reports = write_reports(conn)
    print(f"Reports (PNG chart, HTML page, CSV exports of the reporting views) in {reports.directory}:")
    print(f"  open {reports.html}")
    print()
    _print_how_to_query(dbs, embedded=not os.environ.get(databases.DATABASE_URL_ENV))
    return rows


def _seed_and_migrate(dbs: databases.Databases, phases: Phases, step, stop: threading.Event) -> None:
    """Seed the source and migrate the warehouse; once ``stop`` is set, stop at the next month of the seed (its
    transaction rolls back) or before the migrations."""
    from ai_job_share.tools.seed import seed_source

    def unless_stopped(_message: str) -> None:
        if stop.is_set():
            raise _SeedingStopped

    with phases.phase("seed source + migrate warehouse"):
        try:
            with databases.connect(dbs.source_url, autocommit=False) as conn:
                summary = seed_source(conn, first_month=FIRST_MONTH, last_month=LAST_MONTH, progress=unless_stopped)
            unless_stopped("migrating the warehouse")
        except _SeedingStopped:
            return
        step(f"source seeded: {summary.postings} postings of {summary.companies} companies in {summary.seconds:.1f} s")
        with databases.connect(dbs.warehouse_url) as conn:
            applied = migrate(conn)
        step(f"warehouse schema ready ({len(applied)} migration files applied)")


def _print_how_to_query(dbs: databases.Databases, *, embedded: bool) -> None:
    print("Query it yourself:")
    if embedded:
        print("  the embedded PostgreSQL stops with the demo; keep it running for psql or a BI tool with")
        print("    .venv/bin/ai-job-share serve")
    print(f"  psql {shlex.quote(dbs.warehouse_url)} -c 'SELECT * FROM reporting.monthly_ai_share ORDER BY month'")
    print("  .venv/bin/ai-job-share report")
    print("  .venv/bin/ai-job-share explain POSTING_ID     # why a posting was tagged, under each taxonomy")
