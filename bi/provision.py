"""Provision Superset with the ai-job-share dashboard: run in Superset's own environment (.venv-bi, or the
apache/superset image of docker-compose.yml), with SUPERSET_CONFIG_PATH pointing at bi/superset_config.py.

    AI_JOB_SHARE_BI_DATABASE_URI=postgresql+psycopg2://ai_job_share_bi@host:5432/ai_job_share_warehouse \\
    SUPERSET_ADMIN_PASSWORD=... python bi/provision.py

Steps, each one safe to repeat: Superset's metadata schema (superset db upgrade), the admin login, Superset's roles
(superset init), then the dashboard bundle in bi/assets/ (database, datasets, charts, dashboard) zipped with the
warehouse URI put in and imported with `superset import-dashboards` (overwriting what an earlier import made).
Only the standard library and Superset's own CLI are used, so the image needs nothing of ai-job-share.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ASSETS = Path(__file__).resolve().parent / "assets"
DATABASE_FILE = "databases/ai_job_share_warehouse.yaml"
URI_ENV = "AI_JOB_SHARE_BI_DATABASE_URI"
ADMIN = "admin"


def main() -> int:
    uri = os.environ.get(URI_ENV)
    password = os.environ.get("SUPERSET_ADMIN_PASSWORD")
    if not uri or not password:
        print(f"provision: set {URI_ENV} (the warehouse as the BI role) and SUPERSET_ADMIN_PASSWORD", file=sys.stderr)
        return 2
    home = Path(os.environ.get("AI_JOB_SHARE_BI_HOME") or ASSETS.parents[1] / ".demo" / "superset")
    home.mkdir(parents=True, exist_ok=True)
    key_file = home / "secret_key"
    if not os.environ.get("SUPERSET_SECRET_KEY") and not key_file.exists():
        key_file.touch(mode=0o600)
        key_file.write_text(secrets.token_urlsafe(42), encoding="utf-8")
    beside = Path(sys.executable).parent / "superset"  # the environment's own CLI, not another one on PATH
    superset = [str(beside) if beside.exists() else "superset"]
    _run([*superset, "db", "upgrade"])
    users = _run([*superset, "fab", "list-users"], capture=True)
    if f"username:{ADMIN}" not in users.replace(" ", ""):
        _run([*superset, "fab", "create-admin", "--username", ADMIN, "--firstname", "ai-job-share",
              "--lastname", "admin", "--email", "admin@localhost", "--password", password])  # fmt: skip
    else:
        _run([*superset, "fab", "reset-password", "--username", ADMIN, "--password", password])
    _run([*superset, "init"])
    with tempfile.TemporaryDirectory(prefix="ai_job_share_bi_") as scratch:
        bundle = Path(scratch) / "ai_job_share_dashboard.zip"
        write_bundle(bundle, uri)
        _run([*superset, "import-dashboards", "--path", str(bundle), "--username", ADMIN])
    return 0


def write_bundle(path: Path, uri: str) -> None:
    """bi/assets as the ZIP Superset's import reads (one top folder, YAML files), the database's URI replaced."""
    with zipfile.ZipFile(path, "w") as bundle:
        for file in sorted(ASSETS.rglob("*.yaml")):
            name = file.relative_to(ASSETS).as_posix()
            text = file.read_text(encoding="utf-8")
            if name == DATABASE_FILE:
                lines = [
                    f"sqlalchemy_uri: {uri}" if line.startswith("sqlalchemy_uri:") else line
                    for line in text.splitlines()
                ]
                text = "\n".join(lines) + "\n"
            bundle.writestr(f"ai_job_share_dashboard/{name}", text)


def _run(command: list[str], *, capture: bool = False) -> str:
    """A Superset CLI step; its output is shown only when it fails (Superset logs a lot at INFO)."""
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0 or "error when importing" in done.stderr:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"provision: `{' '.join(command[1:3])}` failed (exit {done.returncode})")
    return done.stdout if capture else ""


if __name__ == "__main__":
    sys.exit(main())
