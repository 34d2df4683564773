"""The distributed path for real: Airflow on the CeleryExecutor, with a Celery worker on the local Redis.

A scheduler, an API server, a DAG processor and an ``airflow celery worker`` run as separate processes (each in its
own process group, all stopped at the end), as the docker-compose stack runs them. A backfill of one month of
``ai_job_share_monthly`` is created through the REST API (``POST /api/v2/backfills``, the body that
docs/operations.md documents); the scheduler queues its tasks on Redis and the Celery worker runs them. The warehouse
it fills must equal, row for row, the warehouse that the same month gives under ``dag.test()`` (Airflow's
in-process run, what the LocalExecutor tests use), and the generator's truth.

Its own databases and roles (the session's prefix + ``_celery``, dropped at the end) on the test server, its own
Redis queue (other sessions on the same Redis are not disturbed), and a time budget: the whole test stays under
four minutes.
"""

from __future__ import annotations

import dataclasses
import os
import secrets
import socket
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from airflow.dag_processing.dagbag import DagBag
from airflow.utils.state import DagRunState

from ai_job_share import databases
from ai_job_share.months import Month
from ai_job_share.orchestration.airflow_env import DAGS_FOLDER, SOURCE_CONN_ENV, WAREHOUSE_CONN_ENV, airflow_environment
from ai_job_share.taxonomy import DEFAULT_TAXONOMY
from ai_job_share.tools import airflow_runner
from ai_job_share.tools.seed import seed_source

DAG_ID = "ai_job_share_monthly"
MONTH = Month(2022, 1)
REDIS_URL_ENV = "AI_JOB_SHARE_TEST_REDIS_URL"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/7"
BUDGET_S = 220  # the whole test, setup included; each wait below gets what is left of it

TAGGED = "SELECT to_jsonb(t) - 'loaded_at' FROM core.tagged_postings AS t ORDER BY posting_id, taxonomy_id"
REPORTING = "SELECT to_jsonb(v) FROM reporting.monthly_ai_share AS v ORDER BY taxonomy_id, month"
TRUTH = """
SELECT count(*), count(*) FILTER (WHERE t.is_ai), count(*) FILTER (WHERE t.is_ai OR t.is_data)
FROM job_board.postings AS p JOIN generator.truth AS t ON t.posting_id = p.id
WHERE p.job_group = '개발' AND p.status <> 'deleted' AND p.published_at >= %(start)s AND p.published_at < %(end)s
"""
VIEW_MONTH = """
SELECT developer_postings, ai_postings, ai_or_data_postings FROM reporting.monthly_ai_share
WHERE taxonomy_id = %(taxonomy)s AND month = %(month)s
"""
TASKS = """
SELECT ti.task_id, ti.state, ti.queue, r.state
FROM task_instance AS ti JOIN dag_run AS r ON r.dag_id = ti.dag_id AND r.run_id = ti.run_id
WHERE r.backfill_id = %(backfill_id)s ORDER BY ti.task_id
"""


class Budget:
    def __init__(self, seconds: float) -> None:
        self.deadline = time.monotonic() + seconds

    def left(self) -> float:
        left = self.deadline - time.monotonic()
        if left <= 0:
            pytest.fail(f"the CeleryExecutor test ran out of its {BUDGET_S} s budget")
        return left


def step(message: str) -> None:
    print(f"[celery test {time.strftime('%H:%M:%S')}] {message}", flush=True)


@pytest.fixture(scope="module")
def redis_url() -> str:
    url = os.environ.get(REDIS_URL_ENV, DEFAULT_REDIS_URL)
    parts = urlsplit(url)
    try:
        socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 6379), timeout=2).close()
    except OSError:
        message = f"no Redis at {parts.hostname}:{parts.port} (set {REDIS_URL_ENV} to a redis:// URL)"
        if os.environ.get("CI"):
            pytest.fail(message)  # CI machines run Redis: a missing one is an error there, not a skip
        pytest.skip(message)
    return url


@pytest.fixture(scope="module")
def celery_databases(test_databases) -> tuple[databases.Databases, str]:
    """Source, warehouse and Airflow metadata databases for the Celery stack, and a second warehouse for the
    ``dag.test()`` reference run; all created empty, and dropped with their roles at the end."""
    dbs = databases.databases_on(test_databases.server_url, prefix=f"{test_databases.prefix}_celery")
    reference_name = f"{dbs.prefix}_reference_warehouse"
    reference_warehouse = databases.with_database(test_databases.server_url, reference_name, user=dbs.roles.etl)
    reference = dataclasses.replace(
        dbs,
        warehouse_url=reference_warehouse,
        warehouse_admin_url=databases.with_database(test_databases.server_url, reference_name),
    )
    for group in (dbs, reference):
        databases.create_databases(group)
    yield dbs, reference_warehouse
    databases.drop_databases(reference)
    databases.drop_databases(dbs, with_roles=True)


def celery_environment(dbs: databases.Databases, home: Path, redis_url: str, queue: str) -> dict[str, str]:
    """The project's Airflow environment (as ``make demo`` uses it) switched to the CeleryExecutor."""
    env = {**os.environ, **airflow_environment(dbs, home, api_port=airflow_runner.free_port())}
    env.update(
        {
            "AIRFLOW__CORE__EXECUTOR": "CeleryExecutor",
            "AIRFLOW__CELERY__BROKER_URL": redis_url,
            # The result backend defaults to the metadata database (db+<sql_alchemy_conn>), as in docker-compose.yml.
            "AIRFLOW__CELERY__WORKER_CONCURRENCY": "2",
            # Only the test's backfill runs: no scheduled run of the current month.
            "AIRFLOW__SCHEDULER__USE_JOB_SCHEDULE": "False",
            # A queue of this session's own: a stale message, or another session on the same Redis, cannot mix in.
            "AIRFLOW__OPERATORS__DEFAULT_QUEUE": queue,
            # One secret for every component, as docker-compose.yml sets it from .env.
            "AIRFLOW__API_AUTH__JWT_SECRET": secrets.token_urlsafe(32),
            "AIRFLOW__API__SECRET_KEY": secrets.token_urlsafe(32),
            "AIRFLOW__CORE__UNIT_TEST_MODE": "False",
        }
    )
    env["PATH"] = os.pathsep.join([str(Path(airflow_runner.airflow_executable()).parent), env.get("PATH", "")])
    return env


def run_reference_month(dag, monkeypatch, source_url: str, warehouse_url: str) -> None:
    """The month through ``dag.test()`` (in-process, the test session's metadata database) into ``warehouse_url``."""
    monkeypatch.setenv(SOURCE_CONN_ENV, databases.airflow_connection(source_url))
    monkeypatch.setenv(WAREHOUSE_CONN_ENV, databases.airflow_connection(warehouse_url))
    # A manual run's data interval is the one that ends at its logical date: the month before.
    dag_run = dag.test(logical_date=MONTH.end)
    assert dag_run.state == DagRunState.SUCCESS
    assert Month.from_interval_start(dag_run.data_interval_start) == MONTH


def wait_for_celery_results(meta, expected: int, budget: Budget) -> dict[str, int]:
    """Celery task states in the result backend (the metadata database), once ``expected`` have succeeded: a task
    instance is marked successful before its Celery task returns, so the last result may lag a moment."""
    deadline = time.monotonic() + min(15.0, budget.left())
    while True:
        states = dict(meta.execute("SELECT status, count(*) FROM celery_taskmeta GROUP BY status").fetchall())
        if states.get("SUCCESS", 0) >= expected or time.monotonic() > deadline:
            return states
        time.sleep(0.5)


def forget_queue(redis_url: str, queue: str) -> None:
    """Delete this session's queue and its bindings from Redis."""
    import redis

    with redis.Redis.from_url(redis_url, socket_timeout=5) as client:
        keys = list(client.scan_iter(match=f"*{queue}*", count=1000))
        if keys:
            client.delete(*keys)


def test_one_month_on_celery_equals_the_in_process_run(
    celery_databases, redis_url, airflow_metadata, tmp_path, monkeypatch
):
    budget = Budget(BUDGET_S)
    dbs, reference_warehouse = celery_databases
    queue = f"ai_job_share_test_{secrets.token_hex(4)}"
    env = celery_environment(dbs, tmp_path / "airflow", redis_url, queue)
    dag = DagBag(dag_folder=str(DAGS_FOLDER)).dags[DAG_ID]
    logs = tmp_path / "logs"
    step(f"Airflow home {tmp_path / 'airflow'}, component logs in {logs}, Celery queue {queue} on {redis_url}")

    # The slow part, Airflow's metadata schema, runs while the source is seeded and the reference month runs.
    migrate = airflow_runner.start("airflow db migrate", ["db", "migrate"], env, logs / "db-migrate.log")
    processes: list[airflow_runner.AirflowProcess] = []
    try:
        with databases.connect(dbs.source_url, autocommit=False) as conn:
            seed_source(conn, seed=11, first_month="2022-01", last_month="2022-02", developer_postings_per_month=120)
        step("source seeded (2022-01..2022-02); running the reference month with dag.test()")
        run_reference_month(dag, monkeypatch, dbs.source_reader_url, reference_warehouse)

        step("waiting for airflow db migrate")
        migrate.process.wait(timeout=budget.left())
        assert migrate.process.returncode == 0, airflow_runner.tail(migrate.log_path)

        for name, args in [
            ("api-server", ["api-server"]),
            ("scheduler", ["scheduler"]),
            ("dag-processor", ["dag-processor"]),
            (
                "celery worker",
                ["celery", "worker", "--concurrency", "2", "--celery-hostname", f"{queue}@%h"]
                + ["--skip-serve-logs", "--without-gossip", "--without-mingle"],
            ),
        ]:
            processes.append(airflow_runner.start(name, args, env, logs / f"{name.replace(' ', '-')}.log"))
        step("started " + ", ".join(f"{item.name} (pid {item.process.pid})" for item in processes))

        api_url = airflow_runner.api_url(env)
        with databases.connect(dbs.airflow_url) as meta:
            airflow_runner.wait_until_ready(meta, DAG_ID, api_url, processes, step, timeout=budget.left())
            # The test's API server lets every request in as admin (simple_auth_manager_all_admins): no token needed
            # here (docs/operations.md shows one).
            backfill_id = airflow_runner.create_backfill(
                api_url, DAG_ID, MONTH.start.isoformat(), MONTH.start.isoformat(), max_active_runs=1
            )
            step(f"POST /api/v2/backfills: backfill {backfill_id} for {MONTH}")
            runs = airflow_runner.watch_backfill(meta, backfill_id, 1, step, timeout=budget.left(), processes=processes)
            tasks = meta.execute(TASKS, {"backfill_id": backfill_id}).fetchall()
            celery_results = wait_for_celery_results(meta, len(tasks), budget)
    finally:
        step("stopping Airflow")
        airflow_runner.stop([migrate, *processes], timeout=30)
        forget_queue(redis_url, queue)
        step("stopped")

    assert runs == {"success": 1}, tasks
    assert [(task_id, state, task_queue) for task_id, state, task_queue, _ in tasks] == [
        (task_id, "success", queue) for task_id in sorted(dag.task_ids)
    ]
    # Each task went through Celery: its result is in the Celery result backend (the metadata database).
    assert celery_results.get("SUCCESS", 0) >= len(tasks), celery_results

    with (
        databases.connect(dbs.warehouse_url) as celery_warehouse,
        databases.connect(reference_warehouse) as reference,
        databases.connect(dbs.source_url) as source,
    ):
        celery_rows = [row[0] for row in celery_warehouse.execute(TAGGED)]
        assert celery_rows, "the Celery run loaded nothing"
        assert {row["month"] for row in celery_rows} == {MONTH.first_day.isoformat()}
        assert celery_rows == [row[0] for row in reference.execute(TAGGED)]
        assert celery_warehouse.execute(REPORTING).fetchall() == reference.execute(REPORTING).fetchall()

        truth = source.execute(TRUTH, {"start": MONTH.start, "end": MONTH.end}).fetchone()
        view = celery_warehouse.execute(VIEW_MONTH, {"taxonomy": DEFAULT_TAXONOMY, "month": MONTH.first_day})
        assert view.fetchone() == truth
