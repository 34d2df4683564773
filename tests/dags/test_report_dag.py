"""The report DAG: scheduled on the Asset the monthly DAG's refresh emits, and run for real (``dag.test()``)."""

from __future__ import annotations

from datetime import datetime

import pytest
from airflow.dag_processing.dagbag import DagBag
from airflow.utils.state import DagRunState

from ai_job_share import databases
from ai_job_share.months import KST, Month
from ai_job_share.orchestration.airflow_env import DAGS_FOLDER
from ai_job_share.orchestration.assets import REPORTING_VIEWS
from ai_job_share.warehouse import writes
from ai_job_share.warehouse.migrations import migrate

TAXONOMY = "report-dag-test"


@pytest.fixture(scope="module")
def dagbag() -> DagBag:
    return DagBag(dag_folder=str(DAGS_FOLDER))


def test_the_monthly_refresh_emits_the_asset_the_report_dag_is_scheduled_on(dagbag):
    assert dagbag.import_errors == {}
    refresh = dagbag.dags["ai_job_share_monthly"].get_task("refresh_reporting")
    assert REPORTING_VIEWS in refresh.outlets
    report = dagbag.dags["ai_job_share_report"]
    assert report.timetable.asset_condition.objects == (REPORTING_VIEWS,)
    assert [task.task_id for task in report.tasks] == ["export_reports"]
    assert report.max_active_runs == 1
    assert all(task.retries >= 2 and task.retry_exponential_backoff for task in report.tasks)


@pytest.fixture
def warehouse_with_a_month(test_databases, insert_tagged_posting):
    with databases.connect(test_databases.warehouse_url) as conn:
        migrate(conn)
        for posting_id in range(1, 41):
            insert_tagged_posting(
                conn,
                posting_id=900_000 + posting_id,
                taxonomy_id=TAXONOMY,
                month=Month(2022, 12).first_day,
                ai_keywords=["AI"] if posting_id % 2 == 0 else [],
                company_id=1,
                job_group="개발",
                published_at=datetime(2022, 12, 5, tzinfo=KST),
                status="open",
                title=f"t{posting_id}",
            )
        writes.refresh_reporting(conn)
        yield conn
        conn.execute("DELETE FROM core.postings WHERE posting_id > 900000")
        writes.refresh_reporting(conn, full=True)  # deleted in place, not by a publish: every month again


def test_the_report_dag_writes_the_reports(airflow_metadata, warehouse_with_a_month, dagbag, tmp_path, monkeypatch):
    monkeypatch.setenv("AI_JOB_SHARE_REPORT_DIR", str(tmp_path))
    dag_run = dagbag.dags["ai_job_share_report"].test()
    assert dag_run.state == DagRunState.SUCCESS
    assert (tmp_path / f"monthly_share_{TAXONOMY}.png").stat().st_size > 0
    assert TAXONOMY in (tmp_path / "report.html").read_text(encoding="utf-8")
    assert TAXONOMY in (tmp_path / "monthly_ai_share.csv").read_text(encoding="utf-8")
