"""The demo's Airflow, for real: started as separate components, a backfill left unfinished by an earlier demo is
cancelled so the next one is accepted, and stopping leaves nothing running, promptly.

No scheduler runs here, so the backfill's runs stay queued and no task touches the test databases.
"""

from __future__ import annotations

import secrets
import subprocess
import sys
import threading
import time

import pytest

from ai_job_share import databases
from ai_job_share.months import Month
from ai_job_share.orchestration.airflow_env import DAGS_FOLDER
from ai_job_share.tools import airflow_runner, demo
from ai_job_share.tools.demo import DAG_ID, demo_airflow_environment, start_airflow


def step(message: str) -> None:
    print(message, flush=True)


def test_an_unfinished_backfill_is_cancelled_and_stopping_leaves_nothing_running(
    test_databases, airflow_metadata, tmp_path
):
    env = demo_airflow_environment(test_databases, tmp_path / "airflow")
    started: list[airflow_runner.AirflowProcess] = []
    first, last = Month(2024, 6), Month(2024, 7)  # months no other test runs
    try:
        components = start_airflow(
            env, tmp_path / "logs", step, started=started, components=("dag-processor", "api-server")
        )
        from ai_job_share import databases

        with databases.connect(test_databases.airflow_url) as meta:
            airflow_runner.wait_until_ready(meta, DAG_ID, airflow_runner.api_url(env), components, step, timeout=300)
        api_url = airflow_runner.api_url(env)
        airflow_runner.cancel_unfinished_backfills(api_url, DAG_ID)  # none, unless an earlier attempt left one
        backfill = airflow_runner.create_backfill(
            api_url, DAG_ID, first.start.isoformat(), last.start.isoformat(), max_active_runs=2
        )
        # What a demo stopped before the scheduler's completion check leaves behind: Airflow refuses another.
        try:
            airflow_runner.create_backfill(
                api_url, DAG_ID, first.start.isoformat(), last.start.isoformat(), max_active_runs=2
            )
        except airflow_runner.AirflowRunError as error:
            assert "409" in str(error)
        else:
            raise AssertionError("a second backfill was accepted while the first was unfinished")
        assert airflow_runner.cancel_unfinished_backfills(api_url, DAG_ID) == [backfill]
        again = airflow_runner.create_backfill(
            api_url, DAG_ID, first.start.isoformat(), last.start.isoformat(), max_active_runs=2
        )
        assert again > backfill
        assert airflow_runner.cancel_unfinished_backfills(api_url, DAG_ID) == [again]
    finally:
        stopping = time.monotonic()
        airflow_runner.stop(started, timeout=5, grace=5)
        stopped_in = time.monotonic() - stopping
    for item in started:
        assert item.process.poll() is not None, item.name
        assert not airflow_runner.running_in_group(item.process.pid), f"{item.name} left processes running"
    assert stopped_in < 15, f"stopping took {stopped_in:.1f} s"


def test_ctrl_c_while_seeding_stops_the_seed_instead_of_waiting_for_it(test_databases, monkeypatch, tmp_path, capsys):
    # Ctrl-C arrives while Airflow starts and the source is seeded beside it (a thread): the demo used to wait for
    # the whole seed (tens of seconds) before stopping. Now the seed stops at its next step and rolls back.
    prefix = f"{test_databases.prefix}_ctrlc_{secrets.token_hex(2)}"
    dbs = databases.databases_on(test_databases.server_url, prefix=prefix)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setenv(databases.DATABASE_URL_ENV, test_databases.server_url)
    monkeypatch.setenv(databases.PREFIX_ENV, prefix)
    monkeypatch.setattr(demo, "DEMO_DIR", tmp_path)
    monkeypatch.setattr(demo, "start_airflow", interrupted)
    threads_before = set(threading.enumerate())
    try:
        with pytest.raises(KeyboardInterrupt):
            demo.run_demo()
        left = [thread.name for thread in threading.enumerate() if thread not in threads_before and thread.is_alive()]
        assert left == [], f"threads of the demo still running: {left}"
        assert "source seeded" not in capsys.readouterr().out
        with databases.connect(dbs.source_url) as conn:
            seeded = (
                conn.execute("SELECT to_regclass('job_board.postings') IS NOT NULL").fetchone()[0]
                and (conn.execute("SELECT count(*) FROM job_board.postings").fetchone()[0])
            )
        assert not seeded, f"the seed went on after Ctrl-C and wrote {seeded} postings"
    finally:
        databases.drop_databases(dbs, with_roles=True)


def test_the_preloading_executor_imports_what_the_dag_files_import_before_its_workers_fork(tmp_path):
    # Run in a new interpreter: this one has imported the operators already.
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from ai_job_share.orchestration.preloading_executor import preload\n"
        f"loaded = preload(sorted(Path({str(DAGS_FOLDER)!r}).glob('*.py')))\n"
        "print(sorted(set(loaded)) == sorted(loaded), 'ai_job_share.orchestration.operators' in loaded,\n"
        "      'airflow.providers.common.sql.operators.sql' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300, check=True)
    assert done.stdout.split() == ["True", "True", "True"], done.stderr


def test_a_dag_file_module_that_fails_to_import_is_left_to_the_task(tmp_path):
    from ai_job_share.orchestration.preloading_executor import imported_modules, preload

    dag_file = tmp_path / "broken.py"
    dag_file.write_text("from . import nothing\nimport json\nfrom ai_job_share_no_such_module import DAG\n")
    assert list(imported_modules(dag_file)) == ["json", "ai_job_share_no_such_module"]
    assert preload([dag_file]) == ["json"]
