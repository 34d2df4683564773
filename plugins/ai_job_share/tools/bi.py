"""Superset in front of the warehouse: provisioned from bi/ (the dashboard as exported files) and run locally.

Superset lives in its own environment (.venv-bi, from bi/requirements.lock: its dependencies differ from
Airflow's), so this module only starts its programs: bi/provision.py (metadata schema, admin login, the dashboard
bundle imported with `superset import-dashboards`) and gunicorn serving Superset. Superset reads the warehouse as
the read-only BI role; its own metadata is a SQLite file in AI_JOB_SHARE_BI_HOME (default .demo/superset).
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from psycopg.conninfo import conninfo_to_dict

from ai_job_share import databases
from ai_job_share.tools import embedded_server

ROOT = Path(__file__).resolve().parents[3]
BI_DIR = ROOT / "bi"
BI_PYTHON = ROOT / ".venv-bi" / "bin" / "python"
BI_HOME = Path(os.environ.get("AI_JOB_SHARE_BI_HOME") or databases.DEMO_DIR / "superset")
#: A libpq URL of the warehouse as the BI role, for a server where that role needs a password or another host.
BI_URL_ENV = "AI_JOB_SHARE_BI_URL"
DASHBOARD_PATH = "/superset/dashboard/ai-job-share/"
ADMIN_USER = "admin"


def bi_database_uri(dbs: databases.Databases) -> str:
    """The SQLAlchemy URI Superset reads the warehouse with: the BI role on the warehouse database."""
    warehouse = conninfo_to_dict(dbs.warehouse_url)["dbname"]
    url = os.environ.get(BI_URL_ENV) or databases.with_database(dbs.warehouse_url, warehouse, user=dbs.roles.bi)
    return databases.sqlalchemy_url(url)


def admin_password(home: Path) -> str:
    """SUPERSET_ADMIN_PASSWORD, else a random one made once and kept (mode 600) beside Superset's metadata."""
    if os.environ.get("SUPERSET_ADMIN_PASSWORD"):
        return os.environ["SUPERSET_ADMIN_PASSWORD"]
    path = home / "admin_password"
    if not path.exists():
        home.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.write_text(secrets.token_urlsafe(12), encoding="utf-8")
    return path.read_text(encoding="utf-8").strip()


def superset_environment(home: Path, database_uri: str, password: str) -> dict[str, str]:
    if not BI_PYTHON.exists():
        raise databases.ConfigurationError(f"Superset's environment is missing ({BI_PYTHON}): run `make bi`")
    return {
        **os.environ,
        "SUPERSET_CONFIG_PATH": str(BI_DIR / "superset_config.py"),
        "AI_JOB_SHARE_BI_HOME": str(home),
        "AI_JOB_SHARE_BI_DATABASE_URI": database_uri,
        "SUPERSET_ADMIN_PASSWORD": password,
        "FLASK_APP": "superset.app:create_app()",
    }


def provision(env: dict[str, str]) -> None:
    """Superset's metadata, the admin login and the dashboard (bi/provision.py in Superset's environment)."""
    subprocess.run([str(BI_PYTHON), str(BI_DIR / "provision.py")], env=env, check=True)


class SupersetServer:
    """gunicorn serving Superset on 127.0.0.1:port in its own process group; stops on exit (SIGTERM, then KILL)."""

    def __init__(self, env: dict[str, str], port: int, log: Path) -> None:
        self.url = f"http://127.0.0.1:{port}"
        log.parent.mkdir(parents=True, exist_ok=True)
        self._log = log.open("ab")
        self._process = subprocess.Popen(
            [
                str(BI_PYTHON.parent / "gunicorn"),
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "--threads",
                "8",
                "--worker-class",
                "gthread",
                "--timeout",
                "300",
                "superset.app:create_app()",
            ],  # fmt: skip
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_until_healthy(self, timeout: float = 300) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"Superset exited with {self._process.returncode}; see {self._log.name}")
            try:
                with urllib.request.urlopen(self.url + "/health", timeout=5) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            time.sleep(1)
        raise RuntimeError(f"Superset did not answer on {self.url} within {timeout:.0f} s; see {self._log.name}")

    def stop(self, grace: float = 20) -> None:
        if self._process.poll() is None:
            os.killpg(self._process.pid, signal.SIGTERM)
            try:
                self._process.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                os.killpg(self._process.pid, signal.SIGKILL)
                self._process.wait()
        self._log.close()

    def __enter__(self) -> SupersetServer:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def run_bi(port: int) -> int:
    """`make bi`: Superset on the demo's warehouse (or AI_JOB_SHARE_DATABASE_URL's) until Ctrl-C."""
    if os.environ.get(databases.DATABASE_URL_ENV):
        server_url = os.environ[databases.DATABASE_URL_ENV]
    elif (embedded_server.EMBEDDED_PGDATA / "PG_VERSION").is_file():
        server_url = embedded_server.start_embedded_server(embedded_server.EMBEDDED_PGDATA)  # kept running while we run
    else:
        raise databases.ConfigurationError(
            f"no warehouse yet: run `make demo` first (or set {databases.DATABASE_URL_ENV})"
        )
    signal.signal(signal.SIGTERM, _interrupt)  # a supervisor's stop ends Superset like Ctrl-C does
    password = admin_password(BI_HOME)
    env = superset_environment(BI_HOME, bi_database_uri(databases.databases_on(server_url)), password)
    print("provisioning Superset (metadata, login, dashboard from bi/assets) ...", flush=True)
    try:
        provision(env)
    except subprocess.CalledProcessError:
        print("ai-job-share bi: provisioning Superset failed (its output above says why)", file=sys.stderr)
        return 1
    with SupersetServer(env, port, BI_HOME / "superset.log") as server:
        try:
            server.wait_until_healthy()
        except RuntimeError as error:
            print(f"ai-job-share bi: {error}", file=sys.stderr)
            return 1
        print(f"Superset: {server.url}{DASHBOARD_PATH}")
        print(f"  login: {ADMIN_USER} / {password}   (Ctrl-C stops Superset; its log: {BI_HOME / 'superset.log'})")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            print("stopping Superset ...", flush=True)
    return 0


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
