"""`ai-job-share doctor` on a working deployment (the tests' own: connections, roles, grants, a migrated warehouse)
passes every check; with a connection removed, or the job schedule off, it names what to fix."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

CLI = str(Path(sys.executable).with_name("ai-job-share"))


def doctor(env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([CLI, "doctor"], capture_output=True, text=True, timeout=300, env=env)


def test_doctor_passes_on_a_working_deployment_and_names_what_is_missing(source_conn, warehouse_conn, airflow_metadata):
    working = doctor(dict(os.environ))
    assert working.returncode == 0, working.stdout + working.stderr
    assert "FAIL" not in working.stdout
    for name in (
        "use_job_schedule",
        "connection ai_job_share_source",
        "connection ai_job_share_warehouse",
        "source reads job_board.postings",
        "BI role reads reporting",
        "warehouse migrations",
    ):
        assert f"ok    {name}" in working.stdout or f"ok    [scheduler] {name}" in working.stdout, name

    broken = {key: value for key, value in os.environ.items() if key != "AIRFLOW_CONN_AI_JOB_SHARE_SOURCE"}
    broken["AIRFLOW__SCHEDULER__USE_JOB_SCHEDULE"] = "False"
    failed = doctor(broken)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "FAIL  connection ai_job_share_source: not defined: set AIRFLOW_CONN_AI_JOB_SHARE_SOURCE" in failed.stdout
    assert "FAIL  [scheduler] use_job_schedule" in failed.stdout
    assert "ok    connection ai_job_share_warehouse" in failed.stdout
