"""OpenLineage: a real DAG run with the provider's file transport names the source and the warehouse tables."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from psycopg.conninfo import conninfo_to_dict

from ai_job_share import databases
from ai_job_share.months import Month
from ai_job_share.orchestration.airflow_env import DAGS_FOLDER
from ai_job_share.tools.seed import seed_source

MONTH = Month(2022, 2)

RUN_ONE_MONTH = f"""
from airflow.dag_processing.dagbag import DagBag
dag = DagBag(dag_folder={str(DAGS_FOLDER)!r}).dags["ai_job_share_monthly"]
run = dag.test(logical_date=__import__("ai_job_share.months").months.Month({MONTH.year}, {MONTH.month}).end)
print("dag run state:", run.state)
"""


@pytest.fixture(scope="module")
def lineage_events(airflow_metadata, test_databases, tmp_path_factory):
    """The OpenLineage events of one monthly DAG run, written by the file transport (a fresh process: the
    provider reads its transport setting once, when Airflow loads its plugins)."""
    with databases.connect(test_databases.source_url, autocommit=False) as conn:
        seed_source(
            conn,
            seed=3,
            first_month=str(MONTH),
            last_month=str(MONTH),
            developer_postings_per_month=50,
            replace_imported=True,
        )
    with databases.connect(test_databases.warehouse_url) as conn:
        conn.execute("DROP SCHEMA IF EXISTS staging, core, intermediate, reporting, meta, retired CASCADE")
    events_file = tmp_path_factory.mktemp("lineage") / "events.jsonl"
    transport = {"type": "file", "log_file_path": str(events_file), "append": True}
    env = {**os.environ, "AIRFLOW__OPENLINEAGE__TRANSPORT": json.dumps(transport)}
    run = subprocess.run([sys.executable, "-c", RUN_ONE_MONTH], env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0 and "dag run state: success" in run.stdout.splitlines(), (
        run.stdout[-3000:] + run.stderr[-3000:]
    )
    return [json.loads(line) for line in events_file.read_text().splitlines() if line.strip()]


def _tables(events, side: str, task: str) -> set[str]:
    return {
        dataset["name"]
        for event in events
        if event["eventType"] == "COMPLETE" and event["job"]["name"].endswith(f".{task}")
        for dataset in event.get(side, [])
    }


def test_the_tasks_name_the_tables_they_read_and_write(lineage_events, test_databases):
    source_db = conninfo_to_dict(test_databases.source_url)["dbname"]
    warehouse_db = conninfo_to_dict(test_databases.warehouse_url)["dbname"]
    assert f"{source_db}.job_board.postings" in _tables(lineage_events, "inputs", "ingest_chunk")
    assert f"{warehouse_db}.core.postings" in _tables(lineage_events, "outputs", "ingest_chunk")
    assert f"{warehouse_db}.reporting.monthly_ai_share" in _tables(lineage_events, "outputs", "refresh_reporting")
    assert {f"{warehouse_db}.core.evidence_spans", f"{warehouse_db}.core.evidence_totals"} <= _tables(
        lineage_events, "outputs", "collect_evidence"
    )
    datasets = [dataset for event in lineage_events for dataset in event.get("inputs", []) + event.get("outputs", [])]
    namespaces = {dataset["namespace"] for dataset in datasets}
    assert namespaces and all(namespace.startswith("postgres://") for namespace in namespaces)
