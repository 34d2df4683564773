"""`ai-job-share serve` stops cleanly on SIGINT or SIGTERM, in the foreground or started in the background (where
the shell has SIGINT ignored), and stops the embedded PostgreSQL it started."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

CLI = str(Path(sys.executable).with_name("ai-job-share"))


def _ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # what `cmd &` in a non-interactive shell does


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("serve_demo")


@pytest.mark.parametrize(
    "stop_signal, background",
    [(signal.SIGINT, False), (signal.SIGTERM, False), (signal.SIGINT, True), (signal.SIGTERM, True)],
    ids=["sigint", "sigterm", "background-sigint", "background-sigterm"],
)
def test_serve_stops_on_a_signal_with_its_server(demo_dir, stop_signal, background):
    env = {key: value for key, value in os.environ.items() if key != "AI_JOB_SHARE_DATABASE_URL"}
    env["AI_JOB_SHARE_DEMO_DIR"] = str(demo_dir)
    serve = subprocess.Popen(
        [CLI, "serve"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        preexec_fn=_ignore_sigint if background else None,
    )
    try:
        first = serve.stdout.readline()
        assert "embedded PostgreSQL running" in first, first + serve.stdout.read()
        pid_file = demo_dir / "pgdata" / "postmaster.pid"
        postmaster = psutil.Process(int(pid_file.read_text().split()[0]))
        assert postmaster.is_running()
        serve.send_signal(stop_signal)
        assert serve.wait(timeout=60) == 0
        deadline = time.monotonic() + 10
        while postmaster.is_running() and postmaster.status() != psutil.STATUS_ZOMBIE and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not postmaster.is_running() or postmaster.status() == psutil.STATUS_ZOMBIE
        assert not pid_file.exists()
    finally:
        if serve.poll() is None:
            serve.kill()
            serve.wait()
