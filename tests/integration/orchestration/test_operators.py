"""The operators' connection handling: an unreachable database fails the task with a message that names the
Airflow connection and where it points, and the DAG retries such failures with exponential backoff."""

from __future__ import annotations

import json
import socket

import psycopg
import pytest
from airflow.sdk import BaseOperator

from ai_job_share.orchestration import operators
from ai_job_share.orchestration.operators import WarehouseOperator


def _connection(conn_id: str, purpose: str):
    """The connection an operator of this project opens for ``purpose``."""
    return WarehouseOperator(task_id="probe", warehouse_conn_id=conn_id).connection(purpose)


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_an_unreachable_source_names_the_connection_and_the_host(monkeypatch):
    port = _closed_port()
    monkeypatch.setenv(
        "AIRFLOW_CONN_AI_JOB_SHARE_BROKEN",
        json.dumps(
            {
                "conn_type": "postgres",
                "host": "127.0.0.1",
                "port": port,
                "login": "reader",
                "password": "not-a-secret",
                "schema": "jobs",
            }
        ),
    )
    with pytest.raises(ConnectionError) as raised, _connection("ai_job_share_broken", "extract"):
        pass
    message = str(raised.value)
    assert f"Airflow connection 'ai_job_share_broken' (127.0.0.1:{port}/jobs)" in message
    assert "not-a-secret" not in message


def test_connections_are_autocommit_and_labelled(test_databases):
    with _connection("ai_job_share_warehouse", "load") as conn:
        assert conn.autocommit
        assert conn.execute("SHOW application_name").fetchone() == ("ai_job_share:load",)


def test_the_pipeline_runs_as_least_privilege_roles(source_conn, warehouse_conn, test_databases):
    roles = test_databases.roles
    with _connection("ai_job_share_source", "extract") as reader, _connection("ai_job_share_warehouse", "load") as etl:
        assert reader.execute(
            "SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user"
        ).fetchone() == (roles.source_reader, False)
        whoami = "SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user"
        assert etl.execute(whoami).fetchone() == (roles.etl, False)
        reader.execute("SELECT count(*) FROM job_board.postings")
        for statement in (
            "INSERT INTO job_board.companies (id, name) VALUES (-1, 'x')",
            "CREATE TABLE job_board.scratch (a int)",
        ):
            with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
                reader.execute(statement)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            reader.execute("BEGIN READ WRITE; INSERT INTO job_board.companies (id, name) VALUES (-1, 'x')")
        reader.execute("ROLLBACK")
        # The ETL role owns the warehouse schemas it writes.
        owners = etl.execute(
            "SELECT DISTINCT pg_get_userbyid(nspowner) FROM pg_namespace"
            " WHERE nspname IN ('staging', 'core', 'reporting', 'meta')"
        ).fetchall()
        assert owners == [(roles.etl,)]


def test_every_operator_holds_the_warehouse_connection_through_the_one_base():
    own = [
        value
        for value in vars(operators).values()
        if isinstance(value, type) and issubclass(value, BaseOperator) and value.__module__ == operators.__name__
    ]
    # MonthCheckOperator is common-sql's SQLCheckOperator, which holds its conn_id the same way (BaseSQLOperator).
    assert {cls.__name__ for cls in own if not issubclass(cls, WarehouseOperator)} == {"MonthCheckOperator"}
    assert len(own) >= 9
