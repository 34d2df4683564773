"""Report outputs (chart, HTML page, CSV exports of the reporting views) written after every monthly load.

Wiring only: scheduled on the Asset the monthly DAG's ``refresh_reporting`` task updates, so it runs once the views
hold the new month (several loads finishing close together are covered by one run). The logic lives in
``plugins/ai_job_share/reporting/outputs.py``; the files go to ``$AI_JOB_SHARE_REPORT_DIR`` (default ``.demo/reports``).
"""

from __future__ import annotations

from airflow.sdk import DAG

from ai_job_share.orchestration.assets import REPORTING_VIEWS
from ai_job_share.orchestration.operators import ExportReportsOperator
from ai_job_share.orchestration.schedule import DEFAULT_ARGS, START_DATE, WAREHOUSE_CONN_ID

with DAG(
    dag_id="ai_job_share_report",
    description="Chart, HTML page and CSV exports of the reporting views, after every refresh",
    doc_md=__doc__,
    schedule=[REPORTING_VIEWS],
    start_date=START_DATE,
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    tags=["ai_job_share"],
) as dag:
    ExportReportsOperator(task_id="export_reports", warehouse_conn_id=WAREHOUSE_CONN_ID)
