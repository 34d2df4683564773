"""`ai-job-share demo` stopped by SIGTERM (``kill``, a CI job's timeout, a supervisor) cleans up as Ctrl-C does:
the Airflow components it started and its embedded PostgreSQL stop, and it exits promptly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil

CLI = str(Path(sys.executable).with_name("ai-job-share"))
#: Printed once the seed and Airflow's components are starting.
STARTING = "while Airflow starts"


def _running(processes: list[psutil.Process]) -> list[psutil.Process]:
    alive = []
    for process in processes:
        try:
            if process.is_running() and process.status() != psutil.STATUS_ZOMBIE:
                alive.append(process)
        except psutil.NoSuchProcess:
            pass
    return alive


def test_sigterm_stops_airflow_and_the_embedded_server(tmp_path):
    env = {key: value for key, value in os.environ.items() if key != "AI_JOB_SHARE_DATABASE_URL"}
    env["AI_JOB_SHARE_DEMO_DIR"] = str(tmp_path / "demo")
    demo = subprocess.Popen([CLI, "demo"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    started: list[psutil.Process] = []
    try:
        output = []
        for line in demo.stdout:
            output.append(line)
            if STARTING in line:
                break
        assert demo.poll() is None, "".join(output)
        parent = psutil.Process(demo.pid)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not any("airflow" in " ".join(p.cmdline()) for p in parent.children()):
            time.sleep(0.5)
        time.sleep(5)  # the components get going
        started = parent.children(recursive=True)
        assert any("airflow" in " ".join(p.cmdline()) for p in started), "".join(output)
        pid_file = tmp_path / "demo" / "pgdata" / "postmaster.pid"
        postmaster = psutil.Process(int(pid_file.read_text().split()[0]))
        started.append(postmaster)
        demo.send_signal(signal.SIGTERM)
        demo.wait(timeout=90)
        output.append(demo.stdout.read())
        assert demo.returncode != 0
        deadline = time.monotonic() + 20
        while _running(started) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert [" ".join(p.cmdline())[:120] for p in _running(started)] == [], "".join(output)
        assert not pid_file.exists()
    finally:
        if demo.poll() is None:
            demo.kill()
            demo.wait()
        for process in _running(started):
            process.kill()
