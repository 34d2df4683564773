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
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager, suppress
from pathlib import Path

import psycopg

from ai_job_share import databases
from ai_job_share.airflow_env import airflow_environment
from ai_job_share.databases import DEMO_DIR, EMBEDDED_PGDATA
from ai_job_share.migrations import migrate
from ai_job_share.months import month_range
from ai_job_share.reporting import format_monthly_table, read_monthly_share
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

    env = {**os.environ, **airflow_environment(dbs, DEMO_DIR / "airflow", api_port=_free_port())}
    # standalone starts its components as `airflow ...` from PATH: make that this environment's airflow.
    env["PATH"] = os.pathsep.join([str(Path(_airflow_executable()).parent), env.get("PATH", "")])
    log_path = DEMO_DIR / "airflow-standalone.log"
    step(f"starting Airflow (scheduler, DAG processor, API server); its log: {log_path}")
    with _airflow_standalone(env, log_path) as standalone, databases.connect(dbs.airflow_url) as meta:
        _wait_until_ready(meta, env, standalone, log_path, step)
        _airflow(env, "dags", "unpause", DAG_ID)
        months = month_range(FIRST_MONTH, LAST_MONTH)
        step(f"airflow backfill create: {len(months)} monthly runs, {FIRST_MONTH}..{LAST_MONTH} (Korea time)")
        _airflow(
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
        backfill_id = meta.execute(read_sql("queries/airflow/latest_backfill.sql"), {"dag_id": DAG_ID}).fetchone()[0]
        runs = _watch_backfill(meta, backfill_id, len(months), step)
        step("stopping Airflow")
    if runs.get("success", 0) != len(months):
        raise DemoError(f"the backfill did not succeed: runs by state {runs}; see {log_path}")

    with databases.connect(dbs.warehouse_url) as conn:
        rows = read_monthly_share(conn, DEFAULT_TAXONOMY)
    print()
    print(f"Monthly AI share of developer postings (taxonomy {DEFAULT_TAXONOMY}, view reporting.monthly_ai_share):")
    print(format_monthly_table(rows))
    print()
    _print_how_to_query(dbs, embedded=not os.environ.get(databases.DATABASE_URL_ENV))
    step("done; nothing is left running")
    return 0 if len(rows) == len(months) else 1


@contextmanager
def _airflow_standalone(env: dict[str, str], log_path: Path):
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "ab") as log:
        process = subprocess.Popen(
            [_airflow_executable(), "standalone"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            yield process
        finally:
            _stop(process)


def _stop(process: subprocess.Popen) -> None:
    """SIGINT lets standalone stop its components; the process group is killed if that takes too long."""
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        with suppress(subprocess.TimeoutExpired):
            process.wait(timeout=60)
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        time.sleep(2)


def _wait_until_ready(
    meta: psycopg.Connection, env: dict[str, str], standalone: subprocess.Popen, log_path: Path, step
) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    health = f"http://127.0.0.1:{env['AIRFLOW__API__PORT']}/api/v2/monitor/health"
    while time.monotonic() < deadline:
        if standalone.poll() is not None:
            raise DemoError(f"airflow standalone exited with code {standalone.returncode}:\n{_tail(log_path)}")
        try:
            parsed, import_errors = meta.execute(
                read_sql("queries/airflow/dag_ready.sql"), {"dag_id": DAG_ID}
            ).fetchone()
        except psycopg.errors.UndefinedTable:  # standalone is still creating the metadata tables
            parsed, import_errors = False, None
        if import_errors:
            raise DemoError(f"the DAG files failed to import:\n{import_errors}")
        if parsed and _responds(health):
            step("Airflow is up and the DAG is parsed")
            return
        time.sleep(1)
    raise DemoError(f"Airflow did not come up within {STARTUP_TIMEOUT_S} s:\n{_tail(log_path)}")


def _watch_backfill(meta: psycopg.Connection, backfill_id: int, expected_runs: int, step) -> dict[str, int]:
    deadline = time.monotonic() + BACKFILL_TIMEOUT_S
    last = None
    while time.monotonic() < deadline:
        counts = {"run": {}, "task": {}}
        for kind, state, n in meta.execute(
            read_sql("queries/airflow/backfill_progress.sql"), {"backfill_id": backfill_id}
        ):
            counts[kind][state] = n
        runs, tasks = counts["run"], counts["task"]
        finished = runs.get("success", 0) + runs.get("failed", 0)
        line = (
            f"backfill {backfill_id}: months finished {finished}/{expected_runs} "
            f"(success {runs.get('success', 0)}, failed {runs.get('failed', 0)}, running {runs.get('running', 0)}); "
            f"tasks done {tasks.get('success', 0)}/{sum(tasks.values())}"
        )
        if line != last:
            step(line)
            last = line
        if finished == expected_runs:
            if runs.get("failed"):
                for run_id, task_id, state in meta.execute(
                    read_sql("queries/airflow/failed_tasks.sql"), {"backfill_id": backfill_id}
                ):
                    step(f"  {state}: {run_id} / {task_id}")
            return runs
        time.sleep(2)
    raise DemoError(f"the backfill did not finish within {BACKFILL_TIMEOUT_S} s")


def _print_how_to_query(dbs: databases.Databases, *, embedded: bool) -> None:
    print("Query it yourself:")
    if embedded:
        print("  the embedded PostgreSQL stops with the demo; keep it running for psql or a BI tool with")
        print("    .venv/bin/ai-job-share serve")
    print(f"  psql {shlex.quote(dbs.warehouse_url)} -c 'SELECT * FROM reporting.monthly_ai_share ORDER BY month'")
    print("  .venv/bin/ai-job-share report")


def _tail(path: Path, lines: int = 30) -> str:
    return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


def _airflow(env: dict[str, str], *args: str) -> None:
    completed = subprocess.run([_airflow_executable(), *args], env=env, capture_output=True, text=True)
    if completed.returncode != 0:
        raise DemoError(f"airflow {' '.join(args)} failed:\n{completed.stdout}\n{completed.stderr}")


def _airflow_executable() -> str:
    return str(Path(sys.executable).with_name("airflow"))


def _responds(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
