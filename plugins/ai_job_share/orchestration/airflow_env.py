"""The environment an Airflow process of this project needs: folders, metadata database, connections.

Used by ``ai-job-share demo`` (a real scheduler) and by the DAG tests (``dag.test()``), so both run the DAGs
exactly as a deployment would: connections come in as ``AIRFLOW_CONN_*`` variables, never from the repository.
"""

from __future__ import annotations

from pathlib import Path

from ai_job_share.databases import Databases, airflow_connection, sqlalchemy_url

REPO_ROOT = Path(__file__).resolve().parents[3]
DAGS_FOLDER = REPO_ROOT / "dags"
PLUGINS_FOLDER = REPO_ROOT / "plugins"
SOURCE_CONN_ENV = "AIRFLOW_CONN_AI_JOB_SHARE_SOURCE"
WAREHOUSE_CONN_ENV = "AIRFLOW_CONN_AI_JOB_SHARE_WAREHOUSE"


def airflow_environment(databases: Databases, airflow_home: Path, *, api_port: int = 8080) -> dict[str, str]:
    """Variables to add to ``os.environ`` for any Airflow command of this project."""
    return {
        "AIRFLOW_HOME": str(airflow_home),
        "AIRFLOW__CORE__DAGS_FOLDER": str(DAGS_FOLDER),
        "AIRFLOW__CORE__PLUGINS_FOLDER": str(PLUGINS_FOLDER),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__EXECUTOR": "LocalExecutor",
        "AIRFLOW__CORE__PARALLELISM": "32",
        "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "False",
        "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_ALL_ADMINS": "True",
        "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"http://127.0.0.1:{api_port}/execution/",
        "AIRFLOW__API__HOST": "127.0.0.1",
        "AIRFLOW__API__PORT": str(api_port),
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": sqlalchemy_url(databases.airflow_url),
        "AIRFLOW__SCHEDULER__SCHEDULER_IDLE_SLEEP_TIME": "0.1",
        # The pipeline reads the source as its read-only role and writes the warehouse as the ETL role.
        SOURCE_CONN_ENV: airflow_connection(databases.source_reader_url),
        WAREHOUSE_CONN_ENV: airflow_connection(databases.warehouse_url),
    }
