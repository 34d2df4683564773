"""ai_job_share.tools.airflow_runner: what the demo and the CeleryExecutor test rely on to leave nothing running."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import signal
import subprocess
import time

import psutil
import pytest

from ai_job_share.tools import airflow_runner


def _process_group_alive(pgid: int) -> bool:
    """Whether a process of the group still runs; exited ones not yet reaped (zombies) do not count."""
    for process in psutil.process_iter(["status"]):
        with contextlib.suppress(ProcessLookupError, psutil.Error):
            if os.getpgid(process.pid) == pgid and process.info["status"] != psutil.STATUS_ZOMBIE:
                return True
    return False


def _start_shell(tmp_path, body: str) -> airflow_runner.AirflowProcess:
    script = tmp_path / "component.sh"
    script.write_text("#!/bin/sh\n" + body)
    script.chmod(0o755)
    process = subprocess.Popen([str(script)], start_new_session=True, stdin=subprocess.DEVNULL)
    time.sleep(0.3)  # let it start its children
    return airflow_runner.AirflowProcess("component", process, tmp_path / "component.log")


def test_stop_ends_the_process_and_everything_it_started(tmp_path):
    # The children outlive their parent's exit unless the whole process group is ended.
    item = _start_shell(tmp_path, "sleep 300 &\nsleep 300 &\nwait\n")
    assert _process_group_alive(item.process.pid)
    airflow_runner.stop([item], timeout=2)
    assert item.process.poll() is not None
    assert not _process_group_alive(item.process.pid)


def test_stop_kills_a_process_that_ignores_its_stop_signal(tmp_path):
    item = _start_shell(tmp_path, "trap '' TERM INT\nwhile true; do sleep 0.1; done\n")
    started = time.monotonic()
    airflow_runner.stop([item], timeout=1, grace=1)
    assert item.process.returncode == -signal.SIGKILL
    assert not _process_group_alive(item.process.pid)
    assert time.monotonic() - started < 10


def test_a_process_that_exited_is_reported_with_the_end_of_its_log(tmp_path):
    log = tmp_path / "component.log"
    log.write_text("starting\nImportError: no module named nothing\n")
    process = subprocess.Popen(["sh", "-c", "exit 3"], start_new_session=True)
    process.wait()
    item = airflow_runner.AirflowProcess("scheduler", process, log)
    with pytest.raises(airflow_runner.AirflowRunError, match=r"scheduler exited with code 3(.|\n)*ImportError"):
        item.check_running()


def test_a_process_that_ignores_sigint_is_ended_by_sigterm_after_a_short_wait(tmp_path):
    # `airflow standalone` ignores SIGINT in its parent: its group is ended with SIGTERM once the wait is over.
    item = dataclasses.replace(_start_shell(tmp_path, "trap '' INT\nsleep 300 &\nwait\n"), stop_signal=signal.SIGINT)
    started = time.monotonic()
    airflow_runner.stop([item], timeout=1, grace=5)
    assert item.process.returncode == -signal.SIGTERM
    assert not _process_group_alive(item.process.pid)
    assert time.monotonic() - started < 5


def test_stop_also_ends_what_left_the_process_group(tmp_path):
    # Airflow's task runner puts each task process in a session of its own: stopping the worker's process group
    # left a task still running at Ctrl-C behind, orphaned.
    pid_file = tmp_path / "task.pid"
    item = _start_shell(tmp_path, f"setsid sh -c 'echo $$ > {pid_file}; exec sleep 300' &\nwait\n")
    deadline = time.monotonic() + 10
    while not pid_file.exists() or not pid_file.read_text().strip():
        assert time.monotonic() < deadline, "the task process did not start"
        time.sleep(0.05)
    task = psutil.Process(int(pid_file.read_text()))
    assert os.getpgid(task.pid) != item.process.pid
    airflow_runner.stop([item], timeout=1, grace=2)
    try:
        task.wait(timeout=5)
    except psutil.TimeoutExpired:
        task.kill()
        raise AssertionError("a process started by the component outside its process group was left running") from None
