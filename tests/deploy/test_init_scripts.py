"""deploy/airflow-init.sh, run with stand-ins for `airflow` and `ai-job-share` (the real commands are exercised by
the CeleryExecutor test and the migration tests), and the wiring of both init scripts into docker-compose.yml."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess

import pytest
import yaml

from ai_job_share.orchestration.airflow_env import REPO_ROOT

AIRFLOW_INIT = REPO_ROOT / "deploy" / "airflow-init.sh"
POSTGRES_INIT = REPO_ROOT / "deploy" / "postgres-init" / "10-ai-job-share.sh"
COMPOSE_FILE = REPO_ROOT / "docker-compose.yml"
SECRETS = {
    "AIRFLOW_ADMIN_PASSWORD": 'p@ss:w/ord"with\\quotes',
    "AIRFLOW__CORE__FERNET_KEY": "fernet",
    "AIRFLOW__API_AUTH__JWT_SECRET": "jwt",
    "AIRFLOW__API__SECRET_KEY": "api",
}


def checked_variables(script_text: str) -> list[str]:
    """The variables an init script refuses to run without (its `for name in ...` loop)."""
    (names,) = re.findall(r"^for name in ([A-Z0-9_ ]+); do$", script_text, flags=re.MULTILINE)
    return names.split()


@pytest.fixture
def stand_ins(tmp_path):
    """`airflow` and `ai-job-share` that record their arguments in calls.txt."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    calls = tmp_path / "calls.txt"
    for name in ("airflow", "ai-job-share"):
        path = bin_dir / name
        path.write_text(f'#!/bin/sh\necho "{name} $*" >> "{calls}"\n[ "$1" = version ] && echo 3.3.2\nexit 0\n')
        path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return bin_dir, calls


def run_airflow_init(tmp_path, bin_dir, **overrides: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "PATH": os.pathsep.join([str(bin_dir), os.environ["PATH"]]),
        "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS": "ops:admin",
        "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE": str(tmp_path / "auth" / "passwords.json"),
        **SECRETS,
        **overrides,
    }
    return subprocess.run(["bash", str(AIRFLOW_INIT)], env=env, capture_output=True, text=True, timeout=60)


def test_airflow_init_migrates_both_databases_and_writes_the_admin_password(tmp_path, stand_ins, monkeypatch):
    bin_dir, calls = stand_ins
    completed = run_airflow_init(tmp_path, bin_dir)
    assert completed.returncode == 0, completed.stderr
    assert calls.read_text().splitlines() == ["airflow version", "airflow db migrate", "ai-job-share migrate"]

    passwords = tmp_path / "auth" / "passwords.json"
    assert json.loads(passwords.read_text()) == {"ops": SECRETS["AIRFLOW_ADMIN_PASSWORD"]}
    assert stat.S_IMODE(passwords.stat().st_mode) == 0o600

    # Airflow's SimpleAuthManager reads that file: the admin logs in with the password from .env.
    from airflow.api_fastapi.auth.managers.simple.simple_auth_manager import SimpleAuthManager

    monkeypatch.setenv("AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE", str(passwords))
    monkeypatch.setenv("AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS", "ops:admin")
    assert SimpleAuthManager.get_passwords() == {"ops": SECRETS["AIRFLOW_ADMIN_PASSWORD"]}
    assert [(user.username, user.role) for user in SimpleAuthManager.get_users()] == [("ops", "admin")]


@pytest.mark.parametrize("name", sorted(SECRETS))
@pytest.mark.parametrize("value", ["", "change-me"])
def test_airflow_init_refuses_a_missing_or_placeholder_secret(tmp_path, stand_ins, name, value):
    bin_dir, calls = stand_ins
    completed = run_airflow_init(tmp_path, bin_dir, **{name: value})
    assert completed.returncode == 1
    assert name in completed.stderr
    assert not calls.exists()


def test_airflow_init_stops_at_the_first_failing_step(tmp_path, stand_ins):
    bin_dir, calls = stand_ins
    (bin_dir / "airflow").write_text(f'#!/bin/sh\necho "airflow $*" >> "{calls}"\n[ "$1" = db ] && exit 3\nexit 0\n')
    completed = run_airflow_init(tmp_path, bin_dir)
    assert completed.returncode == 3
    assert "ai-job-share migrate" not in calls.read_text()


def test_each_init_script_gets_the_secrets_it_checks_from_compose():
    compose = yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))
    services = compose["services"]
    for service, script in (("airflow-init", AIRFLOW_INIT), ("postgres", POSTGRES_INIT)):
        environment = services[service]["environment"]
        names = checked_variables(script.read_text(encoding="utf-8"))
        assert names, script
        missing = [name for name in names if name not in environment]
        assert missing == [], f"{service} does not get {missing}, which {script.name} requires"
    assert checked_variables(AIRFLOW_INIT.read_text(encoding="utf-8")) == list(SECRETS)


def test_compose_runs_the_init_scripts_from_where_they_are():
    compose = yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))
    services = compose["services"]
    assert services["airflow-init"]["command"] == ["bash", "/opt/ai_job_share/deploy/airflow-init.sh"]
    assert "./deploy/postgres-init:/docker-entrypoint-initdb.d:ro" in services["postgres"]["volumes"]
    for script in (AIRFLOW_INIT, POSTGRES_INIT):
        assert subprocess.run(["bash", "-n", str(script)], capture_output=True).returncode == 0
        assert os.access(script, os.X_OK), f"{script} is not executable"
