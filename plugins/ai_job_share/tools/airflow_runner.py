"""Running Airflow's own processes from Python: start them, wait until they are ready, follow a backfill, stop them.

Used by ``make demo`` (a scheduler, an API server and a DAG processor) and by the CeleryExecutor test (the same and a
Celery worker), each its own process. Every process runs in its own process group, so stopping it
also ends whatever it started (task processes, API server workers, Celery pool processes); nothing is left running.
Readiness and progress are read from Airflow's metadata database with the queries in ``sql/queries/airflow/``.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

import psutil
import psycopg

from ai_job_share.sql_files import read_sql

Step = Callable[[str], None]


class AirflowRunError(RuntimeError):
    """An Airflow process failed, or did not get where it should within its time."""


@dataclass(frozen=True)
class AirflowProcess:
    """One running ``airflow ...`` command, the leader of its own process group."""

    name: str
    process: subprocess.Popen
    log_path: Path
    stop_signal: int = signal.SIGTERM

    def check_running(self) -> None:
        if self.process.poll() is not None:
            raise AirflowRunError(
                f"{self.name} exited with code {self.process.returncode}; the end of {self.log_path}:\n"
                f"{tail(self.log_path)}"
            )


def start(
    name: str, args: Sequence[str], env: dict[str, str], log_path: Path, *, stop_signal: int = signal.SIGTERM
) -> AirflowProcess:
    """Start ``airflow <args>`` in a new process group, its output appended to ``log_path``."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "ab") as log:
        process = subprocess.Popen(
            [airflow_executable(), *args],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    return AirflowProcess(name, process, log_path, stop_signal)


def request_stop(processes: Sequence[AirflowProcess]) -> list[psutil.Process]:
    """Send each running process its ``stop_signal``; returns every process they had started, for :func:`stop` to
    end those that outlive it (Airflow's task processes run in sessions of their own, outside the group)."""
    started = []
    for item in processes:
        if item.process.poll() is None:
            with suppress(psutil.Error):
                started.extend(psutil.Process(item.process.pid).children(recursive=True))
            with suppress(ProcessLookupError):
                item.process.send_signal(item.stop_signal)
    return started


def stop(
    processes: Sequence[AirflowProcess],
    *,
    timeout: float = 10,
    grace: float = 5,
    requested: Sequence[psutil.Process] | None = None,
) -> None:
    """Ask each process to stop (its ``stop_signal``; not again when ``requested`` holds what :func:`request_stop`
    returned), give them ``timeout`` seconds together, then end whatever is left of each process group: SIGTERM,
    then after ``grace`` seconds SIGKILL; the same for any process they had started that still runs elsewhere."""
    started = request_stop(processes) if requested is None else requested
    deadline = time.monotonic() + timeout
    for item in processes:
        with suppress(subprocess.TimeoutExpired):
            item.process.wait(timeout=max(0.0, deadline - time.monotonic()))
    for item in processes:
        _end_process_group(item.process, grace=grace)
    _end_processes([process for process in started if _still_running(process)], grace=grace)


def _still_running(process: psutil.Process) -> bool:
    """Whether ``process`` (the same one: pids are reused) still runs; a zombie has exited."""
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def _end_processes(left: list[psutil.Process], *, grace: float) -> None:
    for process in left:
        with suppress(psutil.Error):
            process.terminate()
    _gone, alive = psutil.wait_procs(left, timeout=grace)
    for process in alive:
        with suppress(psutil.Error):
            process.kill()
    psutil.wait_procs(alive, timeout=grace)


def _end_process_group(leader: subprocess.Popen, *, grace: float) -> None:
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(leader.pid, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline:
            leader.poll()  # reaps the leader once it has exited
            if not running_in_group(leader.pid):
                with suppress(subprocess.TimeoutExpired):
                    leader.wait(timeout=grace)  # it may have died after the poll above: reap it now
                return
            time.sleep(0.1)


def running_in_group(pgid: int) -> list[int]:
    """The processes of process group ``pgid`` that still run (exited ones waiting to be reaped do not count)."""
    running = []
    for process in psutil.process_iter(["status"]):
        try:
            if os.getpgid(process.pid) == pgid and process.info["status"] != psutil.STATUS_ZOMBIE:
                running.append(process.pid)
        except (ProcessLookupError, psutil.Error):
            continue
    return running


def wait_until_ready(
    meta: psycopg.Connection,
    dag_id: str,
    api_url: str,
    processes: Sequence[AirflowProcess],
    step: Step,
    *,
    timeout: float,
) -> None:
    """Wait until the DAG processor has stored ``dag_id`` and the API server answers its health check.

    Raises when one of ``processes`` exits, when the DAG files fail to import, or after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    health = f"{api_url}/api/v2/monitor/health"
    while time.monotonic() < deadline:
        for item in processes:
            item.check_running()
        try:
            parsed, import_errors = meta.execute(
                read_sql("queries/airflow/dag_ready.sql"), {"dag_id": dag_id}
            ).fetchone()
        except psycopg.errors.UndefinedTable:  # the metadata tables are still being created
            parsed, import_errors = False, None
        if import_errors:
            raise AirflowRunError(f"the DAG files failed to import:\n{import_errors}")
        if parsed and responds(health):
            step("Airflow is up and the DAG is parsed")
            return
        time.sleep(0.5)
    tails = "\n".join(f"== {item.name}\n{tail(item.log_path)}" for item in processes)
    raise AirflowRunError(f"Airflow did not come up within {timeout:.0f} s:\n{tails}")


def watch_backfill(
    meta: psycopg.Connection,
    backfill_id: int,
    expected_runs: int,
    step: Step,
    *,
    timeout: float,
    processes: Sequence[AirflowProcess] = (),
    progress: Callable[[dict[str, int], dict[str, int]], None] | None = None,
) -> dict[str, int]:
    """Follow the backfill until all ``expected_runs`` of its runs have finished; returns runs by state.

    Each poll's runs and task instances by state go to ``progress`` (else a line to ``step`` when they changed).
    The scheduler marks the backfill complete a while later (every 30 s): :func:`cancel_unfinished_backfills`
    before the next backfill of the DAG covers a backfill stopped before that. Failed or upstream-failed tasks are
    printed at the end. Raises when one of ``processes`` exits, or after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        for item in processes:
            item.check_running()
        runs, tasks = backfill_progress(meta, backfill_id)
        finished = runs.get("success", 0) + runs.get("failed", 0)
        line = (
            f"backfill {backfill_id}: months finished {finished}/{expected_runs} "
            f"(success {runs.get('success', 0)}, failed {runs.get('failed', 0)}, running {runs.get('running', 0)}); "
            f"tasks done {tasks.get('success', 0)}/{sum(tasks.values())}"
        )
        if progress is not None:
            progress(runs, tasks)
        elif line != last:
            step(line)
        last = line
        if finished == expected_runs:
            if runs.get("failed"):
                for run_id, task_id, state in meta.execute(
                    read_sql("queries/airflow/failed_tasks.sql"), {"backfill_id": backfill_id}
                ):
                    step(f"  {state}: {run_id} / {task_id}")
            return runs
        time.sleep(0.5)
    raise AirflowRunError(f"the backfill {backfill_id} did not finish within {timeout:.0f} s (last: {last})")


def backfill_progress(meta: psycopg.Connection, backfill_id: int) -> tuple[dict[str, int], dict[str, int]]:
    """The backfill's dag runs by state, and its task instances by state."""
    counts: dict[str, dict[str, int]] = {"run": {}, "task": {}}
    for kind, state, n in meta.execute(read_sql("queries/airflow/backfill_progress.sql"), {"backfill_id": backfill_id}):
        counts[kind][state] = n
    return counts["run"], counts["task"]


def api_request(api_url: str, method: str, path: str, body: dict | None = None) -> dict:
    """One call of Airflow's REST API (``/api/v2``...) on an API server that lets every request in as admin
    (``AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_ALL_ADMINS``, as the demo's does): no token is needed."""
    request = urllib.request.Request(
        f"{api_url}{path}",
        data=None if body is None else json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
        method=method,
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.load(response)
    except urllib.error.HTTPError as error:
        raise AirflowRunError(f"{method} {path} failed: {error.code} {error.read().decode(errors='replace')}") from None


def create_backfill(
    api_url: str, dag_id: str, from_date: str, to_date: str, *, max_active_runs: int, reprocess: str = "completed"
) -> int:
    """``POST /api/v2/backfills`` (what ``airflow backfill create`` does, without its 5-8 s of start-up);
    the DAG is unpaused first (a backfill runs only for an unpaused DAG). Returns the backfill's id."""
    api_request(api_url, "PATCH", f"/api/v2/dags/{dag_id}", {"is_paused": False})
    body = {
        "dag_id": dag_id,
        "from_date": from_date,
        "to_date": to_date,
        "max_active_runs": max_active_runs,
        "reprocess_behavior": reprocess,
    }
    return api_request(api_url, "POST", "/api/v2/backfills", body)["id"]


def cancel_unfinished_backfills(api_url: str, dag_id: str) -> list[int]:
    """Cancel the backfills of ``dag_id`` not marked complete, so that a new one is accepted and covers every month:
    a demo stops Airflow as soon as its runs have finished, before the scheduler marks the backfill complete, or
    was interrupted mid-way. Cancelling fails the queued runs; runs still marked running (their scheduler is gone)
    are failed too, since a new backfill skips a month whose run is in flight. Returns the cancelled ids."""
    listed = api_request(
        api_url, "GET", f"/api/v2/backfills?dag_id={urllib.parse.quote(dag_id)}&order_by=-id&limit=100"
    )
    unfinished = [item["id"] for item in listed["backfills"] if item["completed_at"] is None]
    for backfill_id in unfinished:
        api_request(api_url, "PUT", f"/api/v2/backfills/{backfill_id}/cancel")
    if unfinished:
        path = f"/api/v2/dags/{urllib.parse.quote(dag_id)}/dagRuns"
        in_flight = api_request(api_url, "GET", f"{path}?run_type=backfill&state=running&state=queued&limit=1000")
        for run in in_flight["dag_runs"]:
            api_request(api_url, "PATCH", f"{path}/{urllib.parse.quote(run['dag_run_id'])}", {"state": "failed"})
    return unfinished


def run_airflow(env: dict[str, str], *args: str, timeout: float | None = None) -> str:
    """Run ``airflow <args>`` to completion; returns its standard output, raises with its output on failure."""
    try:
        completed = subprocess.run(
            [airflow_executable(), *args], env=env, capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired as error:
        raise AirflowRunError(f"airflow {' '.join(args)} did not finish within {timeout} s") from error
    if completed.returncode != 0:
        raise AirflowRunError(f"airflow {' '.join(args)} failed:\n{completed.stdout}\n{completed.stderr}")
    return completed.stdout


def api_url(env: dict[str, str]) -> str:
    """The base URL of the API server that ``env`` configures (``AIRFLOW__API__HOST`` and ``AIRFLOW__API__PORT``)."""
    return f"http://{env.get('AIRFLOW__API__HOST', '127.0.0.1')}:{env.get('AIRFLOW__API__PORT', '8080')}"


def airflow_executable() -> str:
    """The ``airflow`` command of the Python environment running this code."""
    return str(Path(sys.executable).with_name("airflow"))


def responds(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def tail(path: Path, lines: int = 30) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return f"({path} does not exist)"
    return "\n".join(text.splitlines()[-lines:])
