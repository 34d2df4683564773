"""``make demo`` from a clean state, as a newcomer runs it: how long each phase takes, the total, and whether
anything is left running afterwards.

    make bench-demo
    make bench-demo BENCH_ARGS="--repeat 3"

Each run is ``ai-job-share demo`` in a new process, with an empty demo folder (``AI_JOB_SHARE_DEMO_DIR`` pointed at
a new temporary folder, so the embedded PostgreSQL, Airflow's home and the reports all start from nothing, and your
own ``.demo`` is left alone) and without ``AI_JOB_SHARE_DATABASE_URL`` (the embedded server, as on a fresh machine).
The ``.venv`` is warm (``make`` has installed it). The phases are the demo's own (it writes them to
``phases.json``); seeding runs while Airflow starts, so the phases add up to more than the total.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

TARGET_S = 90


def left_running(demo_dir: Path) -> list[str]:
    """Processes that still belong to the demo in ``demo_dir``: any whose command line or environment names it."""
    found = []
    for process in psutil.process_iter(["pid", "cmdline"]):
        try:
            cmdline = " ".join(process.info["cmdline"] or [])
            environ = process.environ() if str(demo_dir) not in cmdline else {}
        except (psutil.Error, OSError):
            continue
        if str(demo_dir) in cmdline or any(str(demo_dir) in value for value in environ.values()):
            found.append(f"{process.info['pid']} {cmdline[:120]}")
    return found


def run_once(number: int) -> dict[str, float]:
    demo_dir = Path(tempfile.mkdtemp(prefix="ai_job_share_bench_demo_"))
    env = {key: value for key, value in os.environ.items() if key != "AI_JOB_SHARE_DATABASE_URL"}
    env["AI_JOB_SHARE_DEMO_DIR"] = str(demo_dir)
    log = demo_dir.with_suffix(".log")
    command = [str(Path(sys.executable).with_name("ai-job-share")), "demo"]
    started, cpu_before = time.monotonic(), _children_cpu()
    with open(log, "w") as out:
        completed = subprocess.run(command, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    wall, cpu = time.monotonic() - started, _children_cpu() - cpu_before
    if completed.returncode != 0:
        sys.exit(f"run {number}: the demo failed (exit {completed.returncode}); its output: {log}")
    phases = json.loads((demo_dir / "phases.json").read_text())
    time.sleep(1)  # the embedded server stops as the demo's process exits
    leftovers = left_running(demo_dir)
    print(f"run {number} (output {log}):")
    for name, seconds in phases.items():
        print(f"  {name:<34} {seconds:6.1f} s")
    print(f"  {'wall clock, process start to exit':<34} {wall:6.1f} s")
    print(f"  {'CPU of its processes (not PostgreSQL)':<34} {cpu:6.1f} s")
    print("  left running: " + ("nothing" if not leftovers else "; ".join(leftovers)))
    if leftovers:
        sys.exit("the demo left processes running")
    shutil.rmtree(demo_dir, ignore_errors=True)
    return {**phases, "wall": wall, "cpu": cpu}


def _children_cpu() -> float:
    """User + system CPU seconds of the finished child processes (and theirs, once reaped): on a busy machine
    a steadier figure than the wall clock for comparing variants. The embedded PostgreSQL runs detached, so its
    backends are not counted."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=1, help="demo runs, each from a clean folder (default 1)")
    args = parser.parse_args()
    print(f"make demo from a clean demo folder, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    runs = [run_once(number) for number in range(1, args.repeat + 1)]
    walls = [run["wall"] for run in runs]
    print(
        f"total (wall clock): {', '.join(f'{w:.1f} s' for w in walls)}; median {statistics.median(walls):.1f} s "
        f"(target {TARGET_S} s on a quiet machine); load average now {os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    main()
