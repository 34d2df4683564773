"""Monthly AI share of developer job postings: extract → classify → load → refresh the BI views.

Wiring only: the timetable, the connections and the task order. The logic lives in ``plugins/ai_job_share``,
the SQL in ``sql/``. Each run processes the Korea-time month [data_interval_start, data_interval_end).
"""

from __future__ import annotations

from airflow.sdk import DAG, Param

from ai_job_share.assets import REPORTING_VIEWS
from ai_job_share.operators import (
    ClassifyMonthOperator,
    ExtractMonthOperator,
    LoadMonthOperator,
    MigrateWarehouseOperator,
    MonthCheckOperator,
    RefreshReportingOperator,
)
from ai_job_share.schedule import DEFAULT_ARGS, SOURCE_CONN_ID, START_DATE, WAREHOUSE_CONN_ID, monthly_timetable
from ai_job_share.sql_files import SQL_DIR

with DAG(
    dag_id="ai_job_share_monthly",
    description="Monthly AI share of new developer job postings (Korea-time months)",
    schedule=monthly_timetable(),
    start_date=START_DATE,
    catchup=False,
    max_active_runs=4,
    template_searchpath=[str(SQL_DIR)],
    default_args=DEFAULT_ARGS,
    params={
        "lookback_months": Param(2, type="integer", minimum=0, description="earlier months checked for late edits"),
        "chunk_postings": Param(50_000, type="integer", minimum=1, description="postings per classify task"),
    },
    tags=["ai_job_share"],
) as dag:
    migrate = MigrateWarehouseOperator(task_id="migrate_warehouse", warehouse_conn_id=WAREHOUSE_CONN_ID)
    extract = ExtractMonthOperator(
        task_id="extract_month",
        source_conn_id=SOURCE_CONN_ID,
        warehouse_conn_id=WAREHOUSE_CONN_ID,
        lookback_months="{{ params.lookback_months }}",
        chunk_postings="{{ params.chunk_postings }}",
    )
    # The extract returns what it extracted (this run's month, plus earlier ones with late changes) in chunks;
    # one mapped classify task per chunk, so several workers can share a large month.
    classify = ClassifyMonthOperator.partial(task_id="classify_month", warehouse_conn_id=WAREHOUSE_CONN_ID).expand(
        month=extract.output
    )
    load = LoadMonthOperator(task_id="load_month", warehouse_conn_id=WAREHOUSE_CONN_ID, month=extract.output)
    check = MonthCheckOperator(
        task_id="check_month_quality",
        conn_id=WAREHOUSE_CONN_ID,
        sql="checks/month_quality.sql",
        parameters={"interval_start": "{{ data_interval_start }}"},
    )
    refresh = RefreshReportingOperator(
        task_id="refresh_reporting",
        warehouse_conn_id=WAREHOUSE_CONN_ID,
        outlets=[REPORTING_VIEWS],  # schedules the report DAG (dags/ai_job_share_report.py)
    )

    migrate >> extract >> classify >> load >> check >> refresh
