"""Every DAG in dags/ imports cleanly and is wired as documented."""

import ast
from pathlib import Path

import pytest
from airflow.dag_processing.dagbag import DagBag
from airflow.timetables.interval import CronDataIntervalTimetable

from ai_job_share.months import Month
from ai_job_share.orchestration.airflow_env import DAGS_FOLDER


def _dagbag() -> DagBag:
    return DagBag(dag_folder=str(DAGS_FOLDER))


DAG_FILES = sorted(DAGS_FOLDER.glob("*.py"))


@pytest.mark.parametrize("dag_file", DAG_FILES, ids=lambda path: path.name)
def test_dag_file_integrity(dag_file: Path):
    """Each DAG file on its own: imports without errors, defines a DAG whose docs are the file's docstring, tagged,
    and every task retries with backoff."""
    bag = DagBag(dag_folder=dag_file)
    assert bag.import_errors == {}
    assert bag.dags, f"{dag_file.name} defines no DAG"
    docstring = ast.get_docstring(ast.parse(dag_file.read_text(encoding="utf-8")), clean=False)
    for dag in bag.dags.values():
        assert docstring and dag.doc_md == docstring, dag.dag_id
        assert "ai_job_share" in dag.tags
        for task in dag.tasks:
            assert task.retries >= 2 and task.retry_exponential_backoff, (dag.dag_id, task.task_id)


def test_dags_import_without_errors():
    bag = _dagbag()
    assert bag.import_errors == {}
    assert "ai_job_share_monthly" in bag.dag_ids


def test_monthly_dag_uses_korea_time_monthly_data_intervals():
    dag = _dagbag().dags["ai_job_share_monthly"]
    assert isinstance(dag.timetable, CronDataIntervalTimetable)
    assert dag.timetable.serialize() == {"expression": "0 0 1 * *", "timezone": "Asia/Seoul"}
    assert Month.containing(dag.start_date) == Month(2022, 1)
    assert dag.start_date == Month(2022, 1).start


def _upstream(dag) -> dict[str, set[str]]:
    return {task.task_id: set(task.upstream_task_ids) for task in dag.tasks}


def test_monthly_dag_task_order():
    dag = _dagbag().dags["ai_job_share_monthly"]
    assert _upstream(dag) == {
        "migrate_warehouse": set(),
        "plan_month": {"migrate_warehouse"},
        "ingest_chunk": {"plan_month"},  # mapped: one task per chunk the plan returns
        "publish_month": {"ingest_chunk", "plan_month"},
        "collect_evidence": {"publish_month", "plan_month"},
        "check_month_quality": {"publish_month"},
        # every month the run touched: the source's counts against the warehouse's loaded + recorded ones
        "reconcile_months": {"publish_month", "plan_month"},
        "refresh_reporting": {"check_month_quality", "reconcile_months"},
    }
    assert dag.get_task("plan_month").source_conn_id == dag.get_task("ingest_chunk").partial_kwargs["source_conn_id"]
    assert dag.get_task("reconcile_months").source_conn_id == dag.get_task("plan_month").source_conn_id


def test_reclassify_dag_does_not_read_the_source():
    dag = _dagbag().dags["ai_job_share_reclassify"]
    assert _upstream(dag) == {
        "migrate_warehouse": set(),
        "plan_retag": {"migrate_warehouse"},
        "ingest_chunk": {"plan_retag"},
        "publish_month": {"ingest_chunk", "plan_retag"},
        "collect_evidence": {"publish_month", "plan_retag"},
        "check_month_quality": {"publish_month"},
        "refresh_reporting": {"check_month_quality"},
    }
    assert not any(getattr(task, "source_conn_id", None) for task in dag.tasks)
    assert "source_conn_id" not in dag.get_task("ingest_chunk").partial_kwargs
    assert dag.timetable.serialize() == _dagbag().dags["ai_job_share_monthly"].timetable.serialize()


def test_every_task_retries_with_backoff():
    dag = _dagbag().dags["ai_job_share_monthly"]
    for task in dag.tasks:
        assert task.retries >= 2 and task.retry_exponential_backoff, task.task_id
